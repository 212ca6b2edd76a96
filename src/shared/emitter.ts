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
 * @example
 *   const e = new Emitter<{ tick: [n: number] }>();
 *   e.on('tick', (n) => console.log(n));
 *   e.emitReserved('tick', 1);
 */
export class Emitter<E extends EventsMap = DefaultEvents> {
  // Short, non-# name: private class fields survive minification verbatim and cost bytes in the browser build.
  private _ls?: Listeners<E>;

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const all: Listeners<E> = (this._ls ??= {});
    (all[event] ??= []).push(listener);
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

  /** Removes one listener, every listener of one event, or (no arguments) every listener. */
  off<K extends keyof E & string>(event?: K, listener?: Listener<E[K]>): this {
    const all = this._ls;
    if (!all || event === undefined) {
      this._ls = undefined;
      return this;
    }
    const list = all[event];
    if (!list) return this;
    if (!listener) {
      delete all[event];
      return this;
    }
    const i = list.findIndex((l) => l === listener || (l as { fn?: unknown }).fn === listener);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) delete all[event];
    return this;
  }

  /** Calls the listeners of `event` in order; a listener added or removed meanwhile does not change this call. */
  emitReserved<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const list = this._ls?.[event];
    if (!list) return false;
    for (const listener of list.slice()) listener.apply(this, args);
    return true;
  }

  listeners<K extends keyof E & string>(event: K): Listener<E[K]>[] {
    return this._ls?.[event]?.slice() ?? [];
  }

  hasListeners<K extends keyof E & string>(event: K): boolean {
    return !!this._ls?.[event]?.length;
  }
}
