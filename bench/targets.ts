import type { ImplName } from './impl/types.js';

/** The goals from sockjet issue 6: sockjet's median must be at most `max` times the other's median. */

export interface RatioTarget {
  scenario: string;
  metric: string;
  against: ImplName;
  max: number;
}

export const RATIO_TARGETS: readonly RatioTarget[] = [
  { scenario: 'echo', metric: 'serverCpu', against: 'ws', max: 1.1 },
  { scenario: 'echo', metric: 'clientCpu', against: 'ws', max: 1.15 },
  { scenario: 'acks', metric: 'serverCpu', against: 'ws', max: 1.1 },
  { scenario: 'acks', metric: 'clientCpu', against: 'ws', max: 1.15 },
  { scenario: 'broadcast', metric: 'serverCpu', against: 'socketio', max: 0.4 },
  { scenario: 'idle', metric: 'heapPerConn', against: 'ws', max: 1.5 },
  { scenario: 'connect', metric: 'defaultP50', against: 'ws', max: 1.2 },
];

/** Bundle goals: gzipped bytes at most `maxBytes`, and/or at most `maxRatio` of socket.io-client's. */
export interface BundleTarget {
  key: 'full' | 'io' | 'websocket';
  maxBytes?: number;
  maxRatio?: number;
}

export const BUNDLE_TARGETS: readonly BundleTarget[] = [
  { key: 'full', maxBytes: 5 * 1024 },
  { key: 'io', maxBytes: 4 * 1024, maxRatio: 0.3 },
];
