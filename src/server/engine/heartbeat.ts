import { EnginePacketType } from '../../protocol/engine-packet.js';
import { DeadlineQueue, type Queued } from './deadline-queue.js';

/** What the heartbeat needs of a session. */
export interface HeartbeatSession extends Queued {
  readonly protocol: 3 | 4;
  /** @internal Sends the server's ping (protocol v4). */
  _ping(): void;
  /** @internal */
  _finish(reason: 'ping timeout'): void;
}

// Timer callbacks take the session as an argument: no closure per session or per tick.
const onPingDue = (s: HeartbeatSession): void => s._ping();
const onPingTimeout = (s: HeartbeatSession): void => s._finish('ping timeout');

/** setTimeout's ceiling; beyond it Node fires at once. */
const MAX_DELAY = 0x7fffffff;

/**
 * The heartbeat of every session of an engine (https://socket.io/docs/v4/engine-io-protocol/#heartbeat), in
 * deadline queues: three timers in all, whatever the number of sessions. In protocol v4 the server pings every
 * pingInterval and waits pingTimeout for the pong; in v3 the client pings, and a session silent for
 * pingInterval + pingTimeout is gone. Either way a session that misses its beat closes with 'ping timeout'.
 */
export class Heartbeat {
  /** v4: sessions waiting to send their next ping. */
  private readonly _pings: DeadlineQueue<HeartbeatSession>;
  /** v4: sessions waiting for the pong to their ping. */
  private readonly _pongs: DeadlineQueue<HeartbeatSession>;
  /** v3: sessions waiting for the client's next ping. */
  private readonly _idle: DeadlineQueue<HeartbeatSession>;

  constructor(pingInterval: number, pingTimeout: number) {
    this._pings = new DeadlineQueue(pingInterval, onPingDue);
    this._pongs = new DeadlineQueue(pingTimeout, onPingTimeout);
    this._idle = new DeadlineQueue(Math.min(pingInterval + pingTimeout, MAX_DELAY), onPingTimeout);
  }

  /** Starts an opened session's heartbeat. */
  start(session: HeartbeatSession): void {
    (session.protocol === 3 ? this._idle : this._pings).add(session);
  }

  /** The server's ping went out: the pong is due. */
  pinged(session: HeartbeatSession): void {
    this._pongs.add(session);
  }

  /**
   * A ping or a pong from the client: true when it is the beat the session waits for (a ping in v3, the pong to
   * the server's ping in v4), false when it changes nothing (a stray pong), undefined when it goes the wrong way
   * (a ping in v4, a pong in v3), which engine.io closes the session for.
   */
  received(session: HeartbeatSession, type: typeof EnginePacketType.PING | typeof EnginePacketType.PONG): boolean | undefined {
    if ((type === EnginePacketType.PING) !== (session.protocol === 3)) return undefined;
    if (type === EnginePacketType.PING) {
      this._idle.add(session);
      return true;
    }
    if (session._qIn !== this._pongs) return false;
    this._pings.add(session);
    return true;
  }
}
