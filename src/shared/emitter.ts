/** Maps each event name to its listener's argument list. */
export type EventsMap = Record<string, unknown[]>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DefaultEvents = Record<string, any[]>;

type Listener<A extends unknown[]> = (...args: A) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyListener = (...args: any[]) => void;
/** One listener is kept as the function itself; two or more as an array that is replaced, never changed. */
type Entry = AnyListener | readonly AnyListener[];

/**
 * The listener table's constructor. Its instances inherit nothing, so event names that come off the wire, such
 * as `__proto__`, `toString` or `__defineSetter__`, are plain keys: never Object.prototype's members, never a
 * prototype write. (A prototype without a prototype rather than `Object.create(null)`, which V8 keeps as a
 * slower, larger dictionary.)
 */
const Table = function () {} as unknown as { new (): Record<string, Entry | undefined>; prototype: object };
Table.prototype = Object.create(null);

/** An entry as a list (for the rare paths: removing, listing). */
const asList = (entry: Entry | undefined): readonly AnyListener[] =>
  entry ? (typeof entry == 'function' ? [entry] : entry) : [];

/**
 * A small typed emitter shared by the client and the server.
 *
 * `emitReserved` fires local listeners; subclasses whose `emit` means "send over the wire"
 * (the sockets) keep that name free for it, as Socket.IO does.
 *
 * Listener lists are replaced when they change, never copied when they fire: emitting (the hot path) allocates
 * nothing, and a listener added or removed during an emit does not change that emit. Storage is lean because
 * the server keeps a few of these per connection: the table exists from the first `on`, a lone listener is
 * stored as itself, and longer lists are exact-size arrays (a spread would reserve room for 17).
 *
 * @example
 *   const e = new Emitter<{ tick: [n: number] }>();
 *   e.on('tick', (n) => console.log(n));
 *   e.emitReserved('tick', 1);
 */
export class Emitter<E extends EventsMap = DefaultEvents> {
  // `_` and not `#`: the browser build shortens `_` names, while private class fields survive minification
  // verbatim. Declared, not initialized: a field initializer would also become a helper call in a bundle
  // targeting ES2020.
  declare private _listeners?: Record<string, Entry | undefined>;

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const all = (this._listeners ??= new Table());
    const entry = all[event];
    all[event] = entry ? asList(entry).concat(listener) : listener;
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
    if (event == null) this._listeners = undefined;
    else if (all) {
      const list = asList(all[event]);
      const i = listener && list.findIndex((l) => l === listener || (l as { fn?: unknown }).fn === listener);
      // Emptied events are set to undefined, not deleted: `delete` turns the table into a slower dictionary.
      const rest = listener ? list.filter((_, j) => j !== i) : [];
      all[event] = rest.length > 1 ? rest : rest[0];
    }
    return this;
  }

  /** Calls the listeners of `event` in order; returns whether there were any. */
  emitReserved<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const entry = this._listeners?.[event];
    if (typeof entry == 'function') entry.apply(this, args);
    else if (entry) for (const listener of entry) listener.apply(this, args);
    return !!entry;
  }

  listeners<K extends keyof E & string>(event: K): Listener<E[K]>[] {
    return asList(this._listeners?.[event]).slice();
  }

  hasListeners<K extends keyof E & string>(event: K): boolean {
    return !!this._listeners?.[event];
  }
}
