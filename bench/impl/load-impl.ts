import type { Implementation, ImplName } from './types.js';

/** Loads one implementation lazily, so a broken one only fails its own rows. */
export async function loadImpl(name: ImplName): Promise<Implementation> {
  switch (name) {
    case 'sockjet': return (await import('./sockjet.js')).sockjet();
    case 'socketio': return (await import('./socketio.js')).socketIo();
    case 'ws': return (await import('./ws.js')).rawWs();
  }
}
