import { expect } from 'chai';
import {
  decodePacket,
  decodePayload,
  SockjetError,
  type ProtocolError,
  SocketDecoder,
  type ProtocolErrorCode,
} from '../../src/protocol/index.js';

const MB = 1 << 20;
const bin = new Uint8Array([1, 2, 3]);
const deep = (n: number, inner: string) => '['.repeat(n) + inner + ']'.repeat(n);

/** Socket.IO inputs: one text, or a sequence of messages of which the last must fail. */
const socketCases: [label: string, input: string | (string | Uint8Array)[], code: ProtocolErrorCode][] = [
  ['empty string', '', 'ERR_EMPTY_PACKET'],
  ['type 7', '7["a"]', 'ERR_UNKNOWN_PACKET_TYPE'],
  ['type 9', '9', 'ERR_UNKNOWN_PACKET_TYPE'],
  ['letter type', 'a["a"]', 'ERR_UNKNOWN_PACKET_TYPE'],
  ['slash as type', '/admin,["a"]', 'ERR_UNKNOWN_PACKET_TYPE'],
  ['JSON as type', '["a"]', 'ERR_UNKNOWN_PACKET_TYPE'],
  // CVE-2022-2421: a placeholder `num` naming an array method put functions into the data.
  ['placeholder num "splice"', '51-["hello",{"_placeholder":true,"num":"splice"}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder num "toString"', '51-["hello",{"_placeholder":true,"num":"toString"}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder num out of range', '51-["hello",{"_placeholder":true,"num":1}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder num negative', '51-["hello",{"_placeholder":true,"num":-1}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder num fractional', '52-["hello",{"_placeholder":true,"num":0.5}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder num numeric string', '51-["hello",{"_placeholder":true,"num":"0"}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder without num', '51-["hello",{"_placeholder":true}]', 'ERR_INVALID_PLACEHOLDER'],
  ['placeholder deep inside', `61-3[${deep(1000, '{"x":{"_placeholder":true,"num":5}}')}]`, 'ERR_INVALID_PLACEHOLDER'],
  // The old "toString" crash: an object where the event name belongs.
  ['object as event name', '2[{"toString":"foo"}]', 'ERR_INVALID_EVENT_NAME'],
  ['null event name', '2[null,1]', 'ERR_INVALID_EVENT_NAME'],
  ['array event name', '2[["a"]]', 'ERR_INVALID_EVENT_NAME'],
  ['boolean event name', '2[true]', 'ERR_INVALID_EVENT_NAME'],
  ['binary event with object name', '51-[{"_placeholder":true,"num":0}]', 'ERR_INVALID_EVENT_NAME'],
  ['reserved "connect"', '2["connect"]', 'ERR_RESERVED_EVENT_NAME'],
  ['reserved "disconnect"', '2/admin,["disconnect",1]', 'ERR_RESERVED_EVENT_NAME'],
  ['reserved "newListener"', '21["newListener"]', 'ERR_RESERVED_EVENT_NAME'],
  ['attachments above the limit', '511-["a"]', 'ERR_TOO_MANY_ATTACHMENTS'],
  ['huge attachment count', '5999999999-["a"]', 'ERR_TOO_MANY_ATTACHMENTS'],
  ['a megabyte of attachment digits', '5' + '9'.repeat(MB) + '-["a"]', 'ERR_TOO_MANY_ATTACHMENTS'],
  ['zero attachments', '50-["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment count with leading zero', '501-["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment count missing', '5-["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment dash missing', '51["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['binary without header', '5["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment count not a number', '5x-["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment count on EVENT', '21-["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment count after nsp', '5/a,1-["a"]', 'ERR_INVALID_ATTACHMENTS'],
  ['attachment count on CONNECT', '01-{}', 'ERR_INVALID_ATTACHMENTS'],
  ['a megabyte of ack id digits', '2' + '1'.repeat(MB) + '["a"]', 'ERR_INVALID_ACK_ID'],
  ['16-digit ack id', '21234567890123456["a"]', 'ERR_INVALID_ACK_ID'],
  ['ack id with leading zero', '2007["a"]', 'ERR_INVALID_ACK_ID'],
  ['ACK without id', '3["a"]', 'ERR_INVALID_ACK_ID'],
  ['BINARY_ACK without id', '61-[{"_placeholder":true,"num":0}]', 'ERR_INVALID_ACK_ID'],
  ['ack id on CONNECT', '012{}', 'ERR_INVALID_ACK_ID'],
  ['ack id on DISCONNECT', '11', 'ERR_INVALID_ACK_ID'],
  ['ack id on CONNECT_ERROR', '4/a,1{"message":"x"}', 'ERR_INVALID_ACK_ID'],
  // Without a comma the namespace runs to the end (as socket.io-parser reads it), leaving an EVENT without payload.
  ['namespace running into JSON', '2/admin["a"]', 'ERR_INVALID_PAYLOAD'],
  ['a megabyte of namespace', '2/' + 'a'.repeat(MB), 'ERR_INVALID_PAYLOAD'],
  ['namespace without slash', '2admin,["a"]', 'ERR_INVALID_JSON'],
  ['truncated JSON', '2["a"', 'ERR_INVALID_JSON'],
  ['trailing comma', '2["a",]', 'ERR_INVALID_JSON'],
  ['two JSON values', '2["a"]["b"]', 'ERR_INVALID_JSON'],
  ['space before the payload', '2 ["a"]', 'ERR_INVALID_JSON'],
  ['newline before the payload', '0/a,\n{}', 'ERR_INVALID_JSON'],
  ['single quotes', "2['a']", 'ERR_INVALID_JSON'],
  ['unclosed megabyte of brackets', '2' + '['.repeat(MB), 'ERR_INVALID_JSON'],
  ['EVENT with an object', '2{"a":1}', 'ERR_INVALID_PAYLOAD'],
  ['EVENT with a string', '2"hello"', 'ERR_INVALID_PAYLOAD'],
  ['EVENT with an empty array', '2[]', 'ERR_INVALID_PAYLOAD'],
  ['EVENT without payload', '2', 'ERR_INVALID_PAYLOAD'],
  ['EVENT with a negative number after the id', '21-5', 'ERR_INVALID_ATTACHMENTS'],
  ['EVENT with a string after the id', '21"5"', 'ERR_INVALID_PAYLOAD'],
  ['ACK with an object', '31{}', 'ERR_INVALID_PAYLOAD'],
  ['ACK without payload', '31', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT with an array', '0[]', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT with null', '0null', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT with a string', '0"token"', 'ERR_INVALID_PAYLOAD'],
  ['DISCONNECT with a payload', '1{}', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT_ERROR without payload', '4', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT_ERROR without message', '4{"data":1}', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT_ERROR with numeric message', '4{"message":1}', 'ERR_INVALID_PAYLOAD'],
  ['CONNECT_ERROR with an array', '4["x"]', 'ERR_INVALID_PAYLOAD'],
  ['__proto__ key in EVENT data', '2["x",{"__proto__":{"polluted":true}}]', 'ERR_INVALID_PAYLOAD'],
  ['escaped __proto__ key', '2["x",{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}]', 'ERR_INVALID_PAYLOAD'],
  ['__proto__ key in CONNECT auth', '0{"__proto__":{"admin":true}}', 'ERR_INVALID_PAYLOAD'],
  ['__proto__ holding a placeholder', '51-["x",{"__proto__":{"_placeholder":true,"num":0}}]', 'ERR_INVALID_PAYLOAD'],
  ['__proto__ key deep inside', `2["x",${deep(1000, '{"__proto__":1}')}]`, 'ERR_INVALID_PAYLOAD'],
  ['binary with no packet waiting', [bin], 'ERR_UNEXPECTED_BINARY'],
  ['one attachment too many', ['51-["a",{"_placeholder":true,"num":0}]', bin, bin], 'ERR_UNEXPECTED_BINARY'],
  ['binary after a text packet', ['2["a"]', bin], 'ERR_UNEXPECTED_BINARY'],
  ['text while one attachment is due', ['51-["a",{"_placeholder":true,"num":0}]', '2["b"]'], 'ERR_UNEXPECTED_TEXT'],
  ['text while the second attachment is due', ['62-1[]', bin, '3["b"]'], 'ERR_UNEXPECTED_TEXT'],
];

describe('Socket.IO decoder: bad inputs', () => {
  it('has at least 40 cases', () => {
    expect(socketCases.length).to.be.at.least(40);
  });

  for (const [label, input, code] of socketCases) {
    it(`${label} -> ${code}`, () => {
      const decoder = new SocketDecoder();
      const chunks = typeof input === 'string' ? [input] : input;
      for (const chunk of chunks.slice(0, -1)) expect(decoder.add(chunk)).not.to.be.instanceOf(SockjetError);
      const result = decoder.add(chunks[chunks.length - 1]!);
      expect(result).to.be.instanceOf(SockjetError);
      expect((result as ProtocolError).code).to.equal(code);
      // The decoder reset itself and decodes the next packet normally.
      expect(decoder.add('2["ok"]')).to.deep.equal({ type: 2, nsp: '/', data: ['ok'] });
    });
  }
});

const engineCases: [label: string, decode: () => unknown, code: ProtocolErrorCode][] = [
  ['empty packet', () => decodePacket(''), 'ERR_EMPTY_PACKET'],
  ['packet type 7', () => decodePacket('7'), 'ERR_UNKNOWN_PACKET_TYPE'],
  ['packet type "/"', () => decodePacket('/x'), 'ERR_UNKNOWN_PACKET_TYPE'],
  ['packet type "a"', () => decodePacket('abc'), 'ERR_UNKNOWN_PACKET_TYPE'],
  ['base64 of length 4n+1', () => decodePacket('bAQIDB'), 'ERR_INVALID_BASE64'],
  ['base64 with bad characters', () => decodePacket('b!!!!'), 'ERR_INVALID_BASE64'],
  ['base64 with padding inside', () => decodePacket('bQQ==QQ=='), 'ERR_INVALID_BASE64'],
  ['base64 with three pads', () => decodePacket('bQ==='), 'ERR_INVALID_BASE64'],
  ['base64 with non-ASCII', () => decodePacket('bQUé='), 'ERR_INVALID_BASE64'],
  ['base64url alphabet', () => decodePacket('b-_-_'), 'ERR_INVALID_BASE64'],
  // atob alone skips ASCII whitespace; the wire format has none.
  ['base64 with a space', () => decodePacket('bQU JD'), 'ERR_INVALID_BASE64'],
  ['base64 with a newline', () => decodePacket('bQUJD\n'), 'ERR_INVALID_BASE64'],
  ['empty payload', () => decodePayload(''), 'ERR_EMPTY_PAYLOAD'],
  ['payload with trailing separator', () => decodePayload('4a\x1e'), 'ERR_EMPTY_PACKET'],
  ['payload with an empty record', () => decodePayload('4a\x1e\x1e4b'), 'ERR_EMPTY_PACKET'],
  ['payload with a bad type', () => decodePayload('4a\x1e9'), 'ERR_UNKNOWN_PACKET_TYPE'],
  ['payload with bad base64', () => decodePayload('4a\x1eb@@@@'), 'ERR_INVALID_BASE64'],
];

describe('Engine.IO decoder: bad inputs', () => {
  for (const [label, decode, code] of engineCases) {
    it(`${label} -> ${code}`, () => {
      const result = decode();
      expect(result).to.be.instanceOf(SockjetError);
      expect((result as ProtocolError).code).to.equal(code);
    });
  }
});
