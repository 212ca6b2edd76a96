import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** The error codes of the handshake and routing (https://socket.io/docs/v4/engine-io-protocol/), as engine.io numbers them. */
export const EngineErrorCode = {
  UNKNOWN_TRANSPORT: 0,
  UNKNOWN_SID: 1,
  BAD_HANDSHAKE_METHOD: 2,
  BAD_REQUEST: 3,
  FORBIDDEN: 4,
  UNSUPPORTED_PROTOCOL_VERSION: 5,
} as const;
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

export const ENGINE_ERROR_MESSAGES: Readonly<Record<EngineErrorCode, string>> = {
  0: 'Transport unknown',
  1: 'Session ID unknown',
  2: 'Bad handshake method',
  3: 'Bad request',
  4: 'Forbidden',
  5: 'Unsupported protocol version',
};

/** A refused request, as the engine's `connection_error` event gives it (engine.io's shape). */
export interface EngineConnectionError {
  req: IncomingMessage;
  code: number;
  message: string;
  context?: unknown;
}

/** Answers a refused long-polling request with the protocol's JSON error body. */
export function abortRequest(res: ServerResponse, code: EngineErrorCode, message = ENGINE_ERROR_MESSAGES[code]): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ code, message });
  res.writeHead(code === EngineErrorCode.FORBIDDEN ? 403 : 400, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Refuses a WebSocket upgrade before the handshake: a plain HTTP 400 and the socket is gone. */
export function abortUpgrade(socket: Duplex, code: EngineErrorCode, message = ENGINE_ERROR_MESSAGES[code]): void {
  socket.on('error', ignore);
  if (socket.writable) {
    const status = code === EngineErrorCode.FORBIDDEN ? '403 Forbidden' : '400 Bad Request';
    socket.write(
      `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
    );
  }
  socket.destroy();
}

// A peer that already went away makes the write fail; there is nobody left to tell.
function ignore(): void {}
