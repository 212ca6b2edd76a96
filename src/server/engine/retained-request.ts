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

/** Values that differ on every request: interning them would only churn the table. */
const UNIQUE = new Set(['sec-websocket-key', 'cookie', 'authorization']);

/**
 * Makes the handshake request a session keeps for its whole life (`conn.request`, `socket.request`) cheaper to
 * keep, without changing what it says: the same object, with its headers, URL, socket and anything a hook
 * added to it. Strings it has in common with other sessions' requests (header names and most values: host,
 * origin, user-agent, accept-language, the WebSocket headers; the URL; the HTTP version) are shared: Node's
 * parser makes new ones for each request, about 400 bytes in a plain WebSocket handshake. Long strings are
 * skipped and the table starts over when full, so it stays bounded whatever clients send.
 */
export function retainRequest(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] = intern(raw[i]!));
    if (!UNIQUE.has(name.toLowerCase())) raw[i + 1] = intern(raw[i + 1]!);
  }
  // `headers` is built from rawHeaders on first read, and single values are the same strings.
  const headers = req.headers;
  for (const key in headers) {
    const value = headers[key];
    if (typeof value === 'string' && !UNIQUE.has(key)) headers[key] = intern(value);
  }
  if (req.url !== undefined) req.url = intern(req.url);
  req.httpVersion = intern(req.httpVersion);
}
