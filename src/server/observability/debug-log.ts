import createDebug from 'debug';

/**
 * The server's debug logs, through the `debug` package as in Socket.IO (`DEBUG=sockjet:*`). Each line says what
 * happened and why, never a packet's payload. A disabled logger returns at once, but its arguments are still
 * built: on paths taken per message or per connection, callers test `log.enabled` first, so the cost with
 * logging off is one property read.
 *
 * Only the server imports this module: the browser build never bundles `debug` (rollup marks it external for
 * the npm entries, and no client file imports it).
 */
export const engineLog = createDebug('sockjet:engine');
export const socketLog = createDebug('sockjet:socket');
export const namespaceLog = createDebug('sockjet:namespace');
export const adapterLog = createDebug('sockjet:adapter');

/**
 * Why a transport or a decoder gave up, for a log line or a metric label: a protocol error's code, an error's
 * code or message, or the description string. Never the offending bytes.
 */
export function describeFailure(description: unknown): string {
  if (typeof description === 'string') return description;
  if (description instanceof Error) {
    const code = (description as { code?: unknown }).code;
    if (typeof code !== 'string' || code === description.message) return description.message;
    return `${code} (${description.message})`;
  }
  return description === undefined ? '' : String(description);
}
