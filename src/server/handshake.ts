import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** What a socket knows about the request that opened its connection (Socket.IO's `socket.handshake`). */
export interface Handshake {
  headers: IncomingMessage['headers'];
  time: string;
  address: string | undefined;
  xdomain: boolean;
  secure: boolean;
  issued: number;
  url: string | undefined;
  query: Record<string, string>;
  /** What the client sent as `auth`: values typed `any` as in Socket.IO, to be checked before use. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  auth: Record<string, any>;
}

/** Built on first access only, so an idle socket does not carry it. */
export function buildHandshake(req: IncomingMessage, address: string | undefined, issued: number, auth: Record<string, unknown>): Handshake {
  const url = req.url;
  const query = parseQuery(url);
  return {
    headers: req.headers,
    time: new Date(issued).toString(),
    address,
    xdomain: !!req.headers.origin,
    secure: !!(req.socket as TLSSocket | undefined)?.encrypted,
    issued,
    url,
    query,
    auth,
  };
}

function parseQuery(url: string | undefined): Record<string, string> {
  const i = url ? url.indexOf('?') : -1;
  return i < 0 ? {} : Object.fromEntries(new URLSearchParams(url!.slice(i + 1)));
}
