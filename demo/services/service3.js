// Service 3: a client of service 2. It says hello once connected and logs the reply that came back.
import { io } from 'sockjet';
import { logger } from './log.js';

const log = logger('service 3');
const socket = io(process.env.SERVICE2_URL ?? 'http://localhost:4002', { auth: { service: 'service 3' } });

socket.on('connect', async () => {
  log('connected to service 2, saying hello');
  const reply = await socket.timeout(10_000).emitWithAck('hello', 'service 3');
  log(`reply: ${reply}`);
  if (process.env.ONCE) socket.disconnect();
});
socket.on('disconnect', (reason) => log(`disconnected (${reason})`));
process.on('SIGTERM', () => socket.disconnect());
