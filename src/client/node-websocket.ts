/**
 * The WebSocket for Node entries: undefined when the runtime has its own (Node 22+), else the `ws` package's
 * when it is installed (an optional peer dependency), else undefined and the client runs on long-polling.
 * Only the Node entries import this file, so no browser bundle ever sees `ws`.
 */
export const nodeWebSocket: typeof WebSocket | undefined = globalThis.WebSocket
  ? undefined
  : await import('ws').then(
      (ws) => ws.WebSocket as unknown as typeof WebSocket,
      () => undefined,
    );
