import type { DefaultEvents } from '../shared/emitter.js';
import { NodeStyleEmitter } from '../shared/node-style-emitter.js';

/**
 * A listener for every event: gets the event name, then its arguments, typed `any` as in Socket.IO (so
 * `socket.onAny((event, ...args) => args.pop()?.(...))` compiles as it does against socket.io).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyListener = (event: string, ...args: any[]) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;

/**
 * The emitter of a socket plus Socket.IO's catch-all listeners, for incoming (`onAny`) and outgoing
 * (`onAnyOutgoing`) events. The lists exist only once a listener is added.
 */
export class CatchAllEmitter extends NodeStyleEmitter<DefaultEvents> {
  /** @internal */
  protected _any?: AnyListener[];
  /** @internal */
  protected _anyOut?: AnyListener[];

  override removeListener(event: string, listener?: Listener): this {
    return this.off(event, listener);
  }

  override removeAllListeners(event?: string): this {
    return this.off(event);
  }

  onAny(listener: AnyListener): this {
    (this._any ??= []).push(listener);
    return this;
  }

  prependAny(listener: AnyListener): this {
    (this._any ??= []).unshift(listener);
    return this;
  }

  offAny(listener?: AnyListener): this {
    this._any = without(this._any, listener);
    return this;
  }

  listenersAny(): AnyListener[] {
    return this._any?.slice() ?? [];
  }

  onAnyOutgoing(listener: AnyListener): this {
    (this._anyOut ??= []).push(listener);
    return this;
  }

  prependAnyOutgoing(listener: AnyListener): this {
    (this._anyOut ??= []).unshift(listener);
    return this;
  }

  offAnyOutgoing(listener?: AnyListener): this {
    this._anyOut = without(this._anyOut, listener);
    return this;
  }

  listenersAnyOutgoing(): AnyListener[] {
    return this._anyOut?.slice() ?? [];
  }
}

function without(list: AnyListener[] | undefined, listener: AnyListener | undefined): AnyListener[] | undefined {
  if (!list || !listener) return undefined;
  const i = list.indexOf(listener);
  if (i >= 0) list.splice(i, 1);
  return list.length ? list : undefined;
}

