import { expect } from 'chai';
// @ts-expect-error: a plain .mjs build script without declarations
import { propertyNameMap } from '../../build/mangle-props.mjs';

/**
 * Property names the client reads or writes on objects it does not own (DOM/Node WebSocket, fetch, AbortController,
 * Blob, URL, events, wire JSON) or that users read on its objects: a short name equal to one would be shadowed or
 * would shadow it after the build renames `_` names.
 */
const FOREIGN = [
  // WebSocket, events, fetch, AbortController, Blob, URL
  ...['binaryType', 'onopen', 'onmessage', 'onclose', 'onerror', 'send', 'close', 'readyState', 'data', 'type'],
  ...['ok', 'text', 'status', 'abort', 'signal', 'arrayBuffer', 'size', 'origin', 'href', 'pathname', 'search'],
  ...['code', 'reason', 'wasClean', 'error', 'message', 'buffer', 'byteLength', 'byteOffset', 'length'],
  // Wire JSON (handshake, CONNECT, placeholders)
  ...['sid', 'pid', 'offset', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload', '_placeholder', 'num'],
  // The public API
  ...['id', 'io', 'on', 'of', 'to', 'in', 'nsp', 'engine', 'transport', 'name', 'opts', 'auth', 'connected', 'active'],
];

describe('build: the shortened property names (build/mangle-props.mjs)', () => {
  const map: Record<string, string> = propertyNameMap();

  it('renames only `_` names, never a wire name, to distinct short names', () => {
    const names = Object.keys(map);
    expect(names.length).to.be.greaterThan(0);
    for (const name of names) expect(name).to.match(/^_[A-Za-z]\w*$/);
    expect(map).to.not.have.property('_placeholder');
    const short = Object.values(map);
    expect(new Set(short).size).to.equal(short.length);
  });

  it('gives no `_` name a short name that a foreign or public property uses', () => {
    const short = new Set(Object.values(map));
    expect(FOREIGN.filter((p) => short.has(p))).to.deep.equal([]);
  });

  it('is the same map on every run', () => {
    expect(propertyNameMap()).to.deep.equal(map);
  });
});
