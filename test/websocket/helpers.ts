/**
 * Shared by the WebSocket class's Node and browser tests (no Node imports here): a recorder of a socket's
 * events that a test awaits instead of sleeping.
 */

export interface Entry {
  type: string;
  readyState: number;
  /** message: [kind, value]; close: [code, reason, wasClean] */
  detail?: unknown[];
}

/** What a message's data is, in a form two implementations can be compared by. */
export async function describeData(data: unknown): Promise<unknown[]> {
  if (typeof data == 'string') return ['string', data];
  if (data instanceof ArrayBuffer) return ['ArrayBuffer', [...new Uint8Array(data)]];
  if (typeof Blob != 'undefined' && data instanceof Blob) return ['Blob', data.type, [...new Uint8Array(await data.arrayBuffer())]];
  return ['other', String(data)];
}

/**
 * Records every open/message/close/error event of `ws` with the readyState seen inside the listener, and lets
 * a test wait until some number of events of a type have arrived.
 */
export function record(ws: EventTarget & { readyState: number }) {
  const log: Promise<Entry>[] = [];
  const types: string[] = [];
  let wake: (() => void) | undefined;
  for (const type of ['open', 'message', 'close', 'error']) {
    ws.addEventListener(type, (e) => {
      const readyState = ws.readyState;
      let entry: Promise<Entry> = Promise.resolve({ type, readyState });
      if (type == 'message') entry = describeData((e as MessageEvent).data).then((detail) => ({ type, readyState, detail }));
      if (type == 'close') {
        const c = e as CloseEvent;
        entry = Promise.resolve({ type, readyState, detail: [c.code, c.reason, c.wasClean] });
      }
      log.push(entry);
      types.push(type);
      wake?.();
    });
  }
  return {
    /** Every event so far, in order. */
    entries: () => Promise.all(log),
    types,
    /** Resolves once `n` events of `type` have been recorded. */
    until(type: string, n = 1): Promise<void> {
      const ok = () => types.filter((t) => t == type).length >= n;
      return new Promise((resolve) => {
        if (ok()) return resolve();
        const prev = wake;
        wake = () => {
          prev?.();
          if (ok()) resolve();
        };
      });
    },
  };
}
