import type { BundleRow } from './bundle.js';

/**
 * Size budgets that `npm test` enforces (`bench/size.ts --check`): gzip bytes of the three sockjet client
 * outputs, set at their size when the budget was last moved plus 2%, so a change that grows the client fails
 * until its commit moves the budget and says why. (The goals of issue 6 are BUNDLE_TARGETS in targets.ts; these
 * are guards against growth, not goals.)
 *
 * Last set from `npm run size` on the build of issues 12 and 13 (client parity, recovery under cuts):
 * sockjet.min.js 7156, io client 6020, sockjet/websocket 4627 (from 6532, 5377 and 4180 at issue 14; the growth
 * is itemized in that commit: engine events, the close packet a cut session sends, the not-Engine.IO check,
 * autoUnref and extraHeaders, sendBuffer, the Manager's setters, buffer_full).
 * Moved for issue 17's one error class (SockjetError, exported so that users can match `instanceof`): 7235, 6181
 * and 4763, each about 150 B more than the one-line `Object.assign(new Error(...), { code })` helper it replaced.
 * Moved again for issue 17's one Socket.IO codec (src/protocol, the server's, which the io client now imports in
 * place of its own src/client/socket-codec.ts, through the lean header reader of LeanSocketDecoder): 7712, 6761
 * and 4765. The io client grows by 580 B, measured one part at a time: the server's encoder walk (an iterative,
 * cycle-safe look for binary, then a copy) in place of the client's one copy-on-write walk, about 100 B; decode
 * failures returned as coded errors (14 ProtocolError codes) instead of a bare `false`, about 100 B; the shared
 * wait for attachments (a class the server uses too), about 45 B; the rest is the shared payload reader:
 * placeholders checked when the text arrives, before any attachment is kept (instead of a JSON.parse reviver
 * once all are in), and the payload rules of every packet type (CONNECT, DISCONNECT, CONNECT_ERROR too).
 * Moved down for the codec's slimming (still one codec): 7584, 6627 and 4764. Decode faults are numbers that
 * only the server's decoder names with its precise codes (the client's gives one code for all), 25 B; one
 * encoder walk for both sides that copies only on the way to a replacement, 65 B; the `__proto__` refusal
 * in the strict reader alone, 44 B.
 * Moved for issue 17's client transport interface: 7655, 6720 and 4859 (+71, +93, +95). Each transport now
 * implements all of it (the WebSocket a `pause`, both a declared `name` and `closePacket`, long-polling writable
 * only once its first poll is back), so the session never asks which one it has; `openEngine`'s transport
 * choice, heartbeat and upgrade are functions of their own; long-polling's base64 comes from src/protocol (its
 * lean path), across the chunk the client shares with the server. Measured on the way: the write queue as a
 * module of its own would cost about 45 B more, and the packet types taken from the protocol's EnginePacketType
 * about 80 B (or about 5 B for each string constant exported there), so those stay in openEngine.
 */
export const BUNDLE_BUDGETS: Readonly<Partial<Record<BundleRow['key'], number>>> = {
  full: Math.floor(7655 * 1.02),
  io: Math.floor(6720 * 1.02),
  websocket: Math.floor(4859 * 1.02),
};

/** One line per budgeted row that is over its budget or could not be measured; empty when all fit. */
export function budgetFailures(rows: readonly BundleRow[], budgets = BUNDLE_BUDGETS): string[] {
  const failures: string[] = [];
  for (const [key, max] of Object.entries(budgets)) {
    const row = rows.find((r) => r.key === key);
    if (!row || row.gzBytes === null) failures.push(`${key}: not measured (${row?.error ?? 'no row'})`);
    else if (row.gzBytes > max!) failures.push(`${row.name}: ${row.gzBytes} B gzip, over its budget of ${max} B`);
  }
  return failures;
}
