export * from './base64.js';
export * from './binary.js';
export * from './engine-packet.js';
export * from './limits.js';
export * from './protocol-error.js';
export * from './socket-decoder.js';
export * from './socket-encoder.js';
export * from './socket-packet.js';
