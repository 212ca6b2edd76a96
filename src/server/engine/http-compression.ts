import { deflate, gzip } from 'node:zlib';

export type HttpEncoding = 'gzip' | 'deflate';

/** Picks gzip, else deflate, from an Accept-Encoding header (q=0 means refused). */
export function pickEncoding(header: string | undefined): HttpEncoding | null {
  if (!header) return null;
  let best: HttpEncoding | null = null;
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.split(';');
    const name = token.trim().toLowerCase();
    if (name !== 'gzip' && name !== 'deflate' && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (name === 'gzip' || name === '*') return 'gzip';
    best = 'deflate';
  }
  return best;
}

export function compress(encoding: HttpEncoding, data: string, callback: (err: Error | null, out: Buffer) => void): void {
  (encoding === 'gzip' ? gzip : deflate)(data, callback);
}
