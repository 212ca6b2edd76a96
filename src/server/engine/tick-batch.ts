import type { Writable } from 'node:stream';

/** Sockets holding their writes until the current tick's synchronous work is done. */
let corked: Writable[] = [];

const uncorkAll = (): void => {
  const sockets = corked;
  corked = [];
  for (const socket of sockets) socket.uncork();
};

/**
 * Holds a socket's writes until the end of the current tick, so the frames of a burst (a broadcast loop, the
 * answers to a batch of incoming messages) leave in one `writev` instead of one syscall per frame. Every socket
 * corked during a tick is released by one shared `process.nextTick`, before any I/O, so nothing waits longer.
 */
export function batchUntilTickEnd(socket: Writable): void {
  // Already corked: by us earlier this tick (or by whoever corked it, who will uncork it).
  if (socket.writableCorked) return;
  socket.cork();
  if (corked.push(socket) === 1) process.nextTick(uncorkAll);
}
