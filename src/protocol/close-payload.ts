/**
 * A close code and reason on the wire. Engine.IO's close packet carries no code, so sockjet's server puts
 * `{"code":...,"reason":...}` in its payload (other Engine.IO clients ignore it) and closes an underlying
 * WebSocket with the same code; sockjet's `WebSocket` class reports them in its close event.
 */

/** The longest close reason, in UTF-8 bytes: what the WebSocket standard allows (a close frame's 125 bytes, less the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/** The codes an application closes with itself: 1000 or 3000-4999. */
export const isApplicationCloseCode = (code: number): boolean => code == 1000 || (code >= 3000 && code <= 4999);

/** @example encodeClosePayload(4001, 'unauthorized') // '{"code":4001,"reason":"unauthorized"}' */
export const encodeClosePayload = (code: number, reason: string): string => JSON.stringify({ code, reason });

/** The code and reason in a close packet's payload, or undefined when it holds none (empty, or not sockjet's). */
export function decodeClosePayload(payload: string): { code: number; reason: string } | undefined {
  try {
    const { code, reason } = JSON.parse(payload) as { code?: unknown; reason?: unknown };
    if (typeof code == 'number' && code > 999 && code < 5000) return { code, reason: '' + (reason ?? '') };
  } catch {
    // Not JSON (or JSON null): no code.
  }
  return undefined;
}
