import { Emitter, type DefaultEvents, type EventsMap } from './emitter.js';

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * `Emitter` plus the names of Node's EventEmitter that code written for Socket.IO's server calls on a namespace,
 * an engine connection or an adapter (`@socket.io/admin-ui` prepends a 'connection' listener and removes a
 * connection's 'close' listener with `removeListener`; adapter packages use `addListener` and `listenerCount`).
 * Server-side only, so the browser build does not carry them.
 */
export class NodeStyleEmitter<E extends EventsMap = DefaultEvents> extends Emitter<E> {
  addListener<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    return this.on(event, listener);
  }

  /** Adds `listener` before the others of `event`. Rare (setup time), so it rebuilds the list. */
  prependListener<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const rest = this.listeners(event);
    this.off(event).on(event, listener);
    for (const l of rest) this.on(event, l);
    return this;
  }

  prependOnceListener<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const rest = this.listeners(event);
    this.off(event).once(event, listener);
    for (const l of rest) this.on(event, l);
    return this;
  }

  removeListener<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    return this.off(event, listener);
  }

  removeAllListeners<K extends keyof E & string>(event?: K): this {
    return this.off(event);
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.listeners(event).length;
  }
}
