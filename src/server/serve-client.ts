import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES: Readonly<Record<string, string>> = {
  'sockjet.min.js': 'application/javascript; charset=utf-8',
  'sockjet.min.js.map': 'application/json; charset=utf-8',
};

interface CachedFile {
  body: Buffer;
  etag: string;
}

/**
 * Where the browser build may be: next to this module once bundled (dist/server.js → dist/), or in
 * dist/ at the package root when running from the sources (src/server/ → ../../dist/).
 */
export function defaultClientDirs(): string[] {
  return [fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(new URL('../../dist/', import.meta.url))];
}

/**
 * Answers GET/HEAD `<path>sockjet.min.js` and `<path>sockjet.min.js.map` from the first directory that has
 * the file, with an ETag (304 when it matches If-None-Match). Returns false for any other request, so the
 * engine handles it. Files are read once and kept in memory.
 */
export function createClientFileHandler(
  path: string,
  dirs: readonly string[],
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cache = new Map<string, Promise<CachedFile | null>>();
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (!pathname.startsWith(path)) return false;
    const name = pathname.slice(path.length);
    const type = FILES[name];
    if (!type) return false;
    let file = cache.get(name);
    if (!file) cache.set(name, (file = load(name, dirs)));
    void file.then((found) => {
      // A missing file is looked for again next time (the build may come later).
      if (!found) cache.delete(name);
      respond(req, res, found, type, name);
    });
    return true;
  };
}

async function load(name: string, dirs: readonly string[]): Promise<CachedFile | null> {
  for (const dir of dirs) {
    try {
      const body = await readFile(join(dir, name));
      return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    } catch {
      // Not in this directory; try the next one.
    }
  }
  return null;
}

function respond(req: IncomingMessage, res: ServerResponse, file: CachedFile | null, type: string, name: string): void {
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${name} not found: build the browser client first (npm run build)`);
    return;
  }
  const headers = { ETag: file.etag, 'Cache-Control': 'public, max-age=0, must-revalidate' };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': file.body.length });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
