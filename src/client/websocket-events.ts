import { isApplicationCloseCode, MAX_CLOSE_REASON_BYTES } from '../protocol/close-payload.js';
import { byteSize, isBinary, isBlob, toBytes } from './bytes.js';

/**
 * What the WebSocket class needs of the DOM's event and error types, with a stand-in where a runtime lacks one
 * (Node 20 has EventTarget, Event, MessageEvent and DOMException, but no CloseEvent).
 */

/** A message on its way out: text, bytes (copied at `send`), or a Blob still to be read. */
export type Outgoing = string | Uint8Array | Blob;

/** The DOMException the standard throws, e.g. `fail('SyntaxError', 'bad url')`. */
export const fail = (name: string, message: string): DOMException => new DOMException(message, name);

/**
 * A `close` event: the global CloseEvent where there is one (browsers, Node 22+), else an Event carrying the
 * same three read-only fields.
 */
export function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  const init = { code, reason, wasClean };
  if (globalThis.CloseEvent) return new CloseEvent('close', init);
  const e = new Event('close');
  for (const k in init) Object.defineProperty(e, k, { value: init[k as keyof typeof init], enumerable: true });
  return e as CloseEvent;
}

/**
 * Checks `close(code, reason)` arguments as the standard does (https://websockets.spec.whatwg.org/#dom-websocket-close):
 * the code must be 1000 or 3000-4999 (InvalidAccessError), the reason at most 123 UTF-8 bytes (SyntaxError).
 * Returns the reason as a string.
 */
export function checkClose(code?: number, reason?: string): string {
  if (code !== undefined && !isApplicationCloseCode(code))
    throw fail('InvalidAccessError', `close code ${code}: use 1000 or 3000-4999`);
  reason = reason === undefined ? '' : '' + reason;
  if (byteSize(reason) > MAX_CLOSE_REASON_BYTES) throw fail('SyntaxError', 'close reason over 123 bytes');
  return reason;
}

/**
 * Parses a WebSocket URL as the standard does: relative to the page, `http(s)` read as `ws(s)`, anything else
 * (or a fragment) a SyntaxError.
 */
export function parseUrl(url: string | URL): URL {
  let u: URL;
  try {
    u = new URL(url, globalThis.location?.href);
  } catch {
    throw fail('SyntaxError', `bad URL ${url}`);
  }
  u.protocol = u.protocol.replace(/^http/, 'ws');
  if (!/^wss?:$/.test(u.protocol) || u.href.includes('#'))
    throw fail('SyntaxError', `bad URL ${u}: ws(s) without fragment`);
  return u;
}

/** Checks subprotocol names: tokens (RFC 7230), no repeats; a SyntaxError otherwise. */
export function checkProtocols(protocols?: string | string[]): void {
  const list = protocols === undefined ? [] : typeof protocols == 'string' ? [protocols] : [...protocols];
  if (list.some((p, i) => !/^[\w!#$%&'*+.^`|~-]+$/.test(p) || list.indexOf(p) != i))
    throw fail('SyntaxError', `bad subprotocols ${list}`);
}

/** What `send` keeps: text as is, binary copied to bytes now (as the standard does), Blobs (immutable) as is. */
export const out = (d: unknown): Outgoing => (isBlob(d) ? d : isBinary(d) ? toBytes(d).slice() : '' + d);

/**
 * Defines the `on<type>` event handler attributes on a prototype whose instances have a `_handlers` record: a
 * handler takes its place among the listeners when first set, as the DOM does, and is called with `this`.
 */
export function installHandlers(proto: EventTarget, types: string[]): void {
  for (const type of types)
    Object.defineProperty(proto, 'on' + type, {
      get(this: { _handlers: Record<string, unknown> }) {
        return this._handlers[type] ?? null;
      },
      set(this: EventTarget & { _handlers: Record<string, ((e: Event) => void) | null> }, f: unknown) {
        const h = this._handlers;
        if (!(type in h)) this.addEventListener(type, (e) => h[type]?.call(this, e));
        h[type] = typeof f == 'function' ? (f as (e: Event) => void) : null;
      },
    });
}
