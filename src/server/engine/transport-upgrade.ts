import { EnginePacketType } from '../../protocol/engine-packet.js';
import type { EnginePacket } from '../../protocol/engine-packet.js';
import type { Transport, TransportSink } from './transport.js';

/** What an upgrade tells its session. */
export interface UpgradingSession {
  // @internal members, like those of the classes that implement them (stripped from the published declarations).
  /** @internal The client answered the probe: the upgrade is under way. */
  _onProbed(upgrade: TransportUpgrade): void;
  /** @internal The client sent the upgrade packet: the session moves to `upgrade.transport`. */
  _onUpgraded(upgrade: TransportUpgrade): void;
  /** @internal The probe failed, broke the protocol or timed out: the session carries on where it is. */
  _abortUpgrade(): void;
}

// A timer callback that takes its session as an argument: no closure per upgrade.
const onUpgradeTimeout = (session: UpgradingSession): void => session._abortUpgrade();

/**
 * An upgrade in flight (https://socket.io/docs/v4/engine-io-protocol/#upgrade): the new transport is probed with
 * `2probe` / `3probe` while the session carries on over the old one, then the client's upgrade packet moves the
 * session over. Until then the probe transport reports here, not to the session; a probe that says anything else,
 * fails or outlives `timeout` ms ends the upgrade.
 */
export class TransportUpgrade implements TransportSink {
  /** True once the probe was answered: the session then holds its writes for the new transport. */
  probed = false;
  private readonly _timer: NodeJS.Timeout;

  constructor(
    readonly transport: Transport,
    private readonly _session: UpgradingSession,
    timeout: number,
  ) {
    transport.sink = this;
    this._timer = setTimeout(onUpgradeTimeout, timeout, _session);
  }

  /** Releases the probe transport: the upgrade failed, or the session is ending. */
  cancel(): void {
    clearTimeout(this._timer);
    this.transport.close();
  }

  _onPacket(transport: Transport, packet: EnginePacket): void {
    if (packet.type === EnginePacketType.PING && packet.data === 'probe' && !this.probed) {
      transport.sendPacket({ type: EnginePacketType.PONG, data: 'probe' }, false);
      this.probed = true;
      this._session._onProbed(this);
    } else if (packet.type === EnginePacketType.UPGRADE && this.probed) {
      clearTimeout(this._timer);
      this._session._onUpgraded(this);
    } else {
      this._session._abortUpgrade();
    }
  }

  /** A WebSocket is writable from the start: nothing to do. */
  _onReady(): void {}

  /** Only the probe's pong was written: nothing waits on its drain. */
  _onDrain(): void {}

  _onFailure(): void {
    this._session._abortUpgrade();
  }

  _onTransportClose(): void {
    this._session._abortUpgrade();
  }
}
