import { runMiddlewareChain } from './middleware-chain.js';

/** A middleware for incoming events: sees `[event, ...args]`, calls `next()` to go on or `next(err)` to drop it. */
export type PacketMiddleware = (event: [string, ...unknown[]], next: (err?: Error) => void) => void;

/** Runs `fns` in order; `done` gets the first error, at most once (a middleware calling `next` twice is ignored). */
export const runPacketMiddlewares: (fns: PacketMiddleware[], event: [string, ...unknown[]], done: (err?: Error) => void) => void =
  runMiddlewareChain;

/**
 * Attachments decoded as bare Uint8Arrays become Buffers, as Socket.IO users expect. Iterative: decoded
 * data may nest deeper than the stack allows.
 */
export function toBuffers(data: unknown[]): void {
  const stack: Record<string, unknown>[] = [data as unknown as Record<string, unknown>];
  while (stack.length) {
    const node = stack.pop()!;
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (v instanceof Uint8Array) {
        if (!Buffer.isBuffer(v)) node[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      } else if (typeof v === 'object' && v !== null) stack.push(v as Record<string, unknown>);
    }
  }
}
