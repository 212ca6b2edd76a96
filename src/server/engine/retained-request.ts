import type { IncomingMessage } from 'node:http';

/** Strings longer than this are left alone; no header a browser sends every time is that long. */
const MAX_LENGTH = 512;
/** The table starts over when it holds this many strings, so unique values cannot grow it without bound. */
const MAX_ENTRIES = 2048;

let table = new Map<string, string>();

function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const known = table.get(s);
  if (known !== undefined) return known;
  if (table.size >= MAX_ENTRIES) table = new Map();
  table.set(s, s);
  return s;
}

/** A handshake URL with Engine.IO's own parameters and nothing else. */
const PLAIN_URL = /^[^?]*\?EIO=\d&transport=(?:websocket|polling)$/;

/**
 * Headers whose values many clients share. Only these are interned: any other header may carry a secret
 * (a cookie, a token) that must not outlive its session in the table.
 */
const SHARED_VALUES = new Set([
  'host',
  'origin',
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'pragma',
  'connection',
  'upgrade',
  'sec-websocket-version',
  'sec-websocket-extensions',
]);

/**
 * Makes the handshake request a session keeps for its whole life (`conn.request`, `socket.request`) cheaper to
 * keep, without changing what it says: the same object, with its headers, URL, socket and anything a hook
 * added to it. Strings it has in common with other sessions' requests (header names, the values of common
 * headers such as host, origin and user-agent, a URL without an application query, the HTTP version) are
 * shared: Node's parser makes new ones for each request, about 400 bytes in a plain WebSocket handshake. Long
 * strings are skipped and the table starts over when full, so it stays bounded whatever clients send.
 */
export function retainRequest(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] = intern(raw[i]!));
    if (SHARED_VALUES.has(name.toLowerCase())) raw[i + 1] = intern(raw[i + 1]!);
  }
  // `headers` is built from rawHeaders on first read, and single values are the same strings.
  const headers = req.headers;
  for (const key in headers) {
    const value = headers[key];
    if (typeof value === 'string' && SHARED_VALUES.has(key)) headers[key] = intern(value);
  }
  // Only a URL without an application query is shared: one with `?token=...` would outlive its session.
  if (req.url !== undefined && PLAIN_URL.test(req.url)) req.url = intern(req.url);
  req.httpVersion = intern(req.httpVersion);
}
