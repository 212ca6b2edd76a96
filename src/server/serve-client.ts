import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

const JS = 'application/javascript; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * An ES module over the `<script>` build: the build declares `var sockjet` and `var io` at its top level, which a
 * module keeps to itself, so it only has to export them (`import { io } from '/socket.io/socket.io.esm.min.js'`, as
 * with Socket.IO's ESM file).
 */
const ESM_FOOTER = '\nexport{io,io as connect,io as default};export var Manager=sockjet.Manager,Socket=sockjet.Socket;\n';

/**
 * Every file served, and what it is made of. Socket.IO's names serve sockjet's build (the global `io` is the same),
 * so a page's existing `<script src="/socket.io/socket.io.js">` keeps working; each `.map` is the build's map.
 */
const FILES: Readonly<Record<string, { from: string; type: string; esm?: true }>> = {
  'sockjet.min.js': { from: 'sockjet.min.js', type: JS },
  'socket.io.js': { from: 'sockjet.min.js', type: JS },
  'socket.io.min.js': { from: 'sockjet.min.js', type: JS },
  'socket.io.esm.min.js': { from: 'sockjet.min.js', type: JS, esm: true },
  'sockjet.min.js.map': { from: 'sockjet.min.js.map', type: JSON_TYPE },
  'socket.io.js.map': { from: 'sockjet.min.js.map', type: JSON_TYPE },
  'socket.io.min.js.map': { from: 'sockjet.min.js.map', type: JSON_TYPE },
  'socket.io.esm.min.js.map': { from: 'sockjet.min.js.map', type: JSON_TYPE },
};

type Encoding = 'br' | 'gzip';

/** A file as sent: its bytes in each encoding (compressed once, when first asked for), and one ETag for all. */
interface CachedFile {
  body: Buffer;
  etag: string;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Where the browser build may be: next to this module once bundled (dist/server.js → dist/), or in
 * dist/ at the package root when running from the sources (src/server/ → ../../dist/).
 */
export function defaultClientDirs(): string[] {
  return [fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(new URL('../../dist/', import.meta.url))];
}

/**
 * Answers GET/HEAD for the client files under `path` (see FILES) from the first directory that has the build,
 * compressed with brotli or gzip as the request's Accept-Encoding allows, with an ETag (304 when If-None-Match
 * matches). Returns false for any other request, so the engine handles it. Files are read and compressed once.
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
    const spec = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!spec) return false;
    let file = cache.get(name);
    if (!file) cache.set(name, (file = load(spec.from, dirs, spec.esm === true)));
    file.then(
      (found) => {
        // A missing file is looked for again next time (the build may come later).
        if (!found) cache.delete(name);
        respond(req, res, found, spec.type, name);
      },
      (err: unknown) => {
        cache.delete(name);
        fail(res, err);
      },
    );
    return true;
  };
}

async function load(name: string, dirs: readonly string[], esm: boolean): Promise<CachedFile | null> {
  for (const dir of dirs) {
    let body: Buffer;
    try {
      body = await readFile(join(dir, name));
    } catch (err) {
      // Not in this directory: try the next one. Any other failure is the request's 500.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw err;
    }
    if (esm) body = Buffer.concat([body, Buffer.from(ESM_FOOTER)]);
    return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, encoded: {} };
  }
  return null;
}

/** br or gzip, whichever Accept-Encoding ranks higher (br on a tie); a `q=0` refuses one, `*` stands for both. */
export function pickClientEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const q: Record<string, number> = {};
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.split(';');
    const name = token.trim().toLowerCase();
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q[name] = weight === undefined ? 1 : Number(weight.slice(2)) || 0;
  }
  const br = q.br ?? q['*'] ?? 0;
  const gz = q.gzip ?? q['*'] ?? 0;
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : null;
}

function encode(file: CachedFile, encoding: Encoding): Promise<Buffer> {
  return (file.encoded[encoding] ??=
    encoding === 'br'
      ? brotli(file.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: file.body.length } })
      : gzipAsync(file.body, { level: 9 }));
}

/** The ETag matches If-None-Match: the same tag, weak or strong, alone or in a list, or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function respond(req: IncomingMessage, res: ServerResponse, file: CachedFile | null, type: string, name: string): void {
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${name} not found: build the browser client first (npm run build)`);
    return;
  }
  const headers = { ETag: file.etag, 'Cache-Control': 'public, max-age=0, must-revalidate', Vary: 'Accept-Encoding' };
  if (matches(req.headers['if-none-match'], file.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const encoding = pickClientEncoding(req.headers['accept-encoding']);
  const send = (body: Buffer, extra: Record<string, string> = {}): void => {
    res.writeHead(200, { ...headers, ...extra, 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (!encoding) return send(file.body);
  encode(file, encoding).then(
    (body) => send(body, { 'Content-Encoding': encoding }),
    (err: unknown) => fail(res, err),
  );
}

/** Reading or compressing failed: a 500 that says so, never a request left hanging. */
function fail(res: ServerResponse, err: unknown): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`client file unavailable: ${err instanceof Error ? err.message : String(err)}`);
}
