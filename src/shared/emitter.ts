/** Maps each event name to its listener's argument list. */
export type EventsMap = Record<string, unknown[]>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DefaultEvents = Record<string, any[]>;

type Listener<A extends unknown[]> = (...args: A) => void;
type Listeners<E extends EventsMap> = { [K in keyof E]?: Listener<E[K]>[] };

/**
 * A small typed emitter shared by the client and the server.
 *
 * `emitReserved` fires local listeners; subclasses whose `emit` means "send over the wire"
 * (the sockets) keep that name free for it, as Socket.IO does.
 *
 * Listener lists are copied when they change, never when they fire: emitting (the hot path) allocates nothing,
 * and a listener added or removed during an emit does not change that emit.
 *
 * @example
 *   const e = new Emitter<{ tick: [n: number] }>();
 *   e.on('tick', (n) => console.log(n));
 *   e.emitReserved('tick', 1);
 */
export class Emitter<E extends EventsMap = DefaultEvents> {
  // `_` and not `#`: the browser build shortens `_` names, while private class fields survive minification
  // verbatim. Set in the constructor rather than by a field initializer, which a bundler targeting ES2020 turns
  // into a helper call.
  declare private _listeners: Listeners<E>;

  constructor() {
    this._listeners = {};
  }

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this._listeners[event] = [...(this._listeners[event] ?? []), listener];
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const wrapper = (...args: E[K]) => {
      this.off(event, wrapper);
      listener.apply(this, args);
    };
    (wrapper as { fn?: Listener<E[K]> }).fn = listener;
    return this.on(event, wrapper);
  }

  /** Removes one listener (the first registration of it), every listener of one event, or (no arguments)
   * every listener. */
  off<K extends keyof E & string>(event?: K, listener?: Listener<E[K]>): this {
    const all = this._listeners;
    if (event == null) this._listeners = {};
    else if (!listener) delete all[event];
    else {
      const list = all[event] ?? [];
      const i = list.findIndex((l) => l === listener || (l as { fn?: unknown }).fn === listener);
      if (i >= 0) all[event] = list.filter((_, j) => j != i);
    }
    return this;
  }

  /** Calls the listeners of `event` in order; returns whether there were any. */
  emitReserved<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const list = this._listeners[event];
    if (list) for (const listener of list) listener.apply(this, args);
    return !!list?.length;
  }

  listeners<K extends keyof E & string>(event: K): Listener<E[K]>[] {
    return this._listeners[event]?.slice() ?? [];
  }

  hasListeners<K extends keyof E & string>(event: K): boolean {
    return !!this._listeners[event]?.length;
  }
}
