import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointOptions } from '../server-options.js';
import { DASHBOARD_PAGE } from './dashboard-page.js';
import { engineLog } from './debug-log.js';
import { busiestRooms, collectMetrics, slowestConsumers, type MetricsSource } from './metrics.js';
import { toPrometheusText } from './prometheus-text.js';

/** How many rooms and connections the dashboard lists. */
const TOP = 10;

type Respond = (res: ServerResponse) => void;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Runs the endpoint's `auth` hook, then `respond`; a refusal (false, a throw, a rejection) is a 403. */
function guarded(req: IncomingMessage, res: ServerResponse, options: Readonly<EndpointOptions>, respond: Respond): void {
  const refuse = (why: string): void => {
    engineLog('refused %s: %s', req.url?.split('?')[0], why);
    send(res, 403, 'text/plain; charset=utf-8', 'Forbidden');
  };
  if (!options.auth) return respond(res);
  let verdict: boolean | Promise<boolean>;
  try {
    verdict = options.auth(req);
  } catch (err) {
    return refuse(`auth threw: ${(err as Error)?.message}`);
  }
  Promise.resolve(verdict).then(
    (ok) => (ok === true ? respond(res) : refuse('auth said no')),
    (err: unknown) => refuse(`auth rejected: ${(err as Error)?.message}`),
  );
}

/**
 * Answers `GET <path>metrics` (Prometheus text) and `GET <path>dashboard` (the page) plus `<path>dashboard/data`
 * (what the page polls: the metrics snapshot, the busiest rooms, the slowest consumers), each only when its
 * option is set. Returns false for anything else, so the engine handles it.
 */
export function createObservabilityHandler(
  io: MetricsSource,
  path: string,
  metrics: Readonly<EndpointOptions> | undefined,
  dashboard: Readonly<EndpointOptions> | undefined,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const routes = new Map<string, [Readonly<EndpointOptions>, Respond]>();
  if (metrics)
    routes.set(`${path}metrics`, [metrics, (res) => send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', toPrometheusText(collectMetrics(io)))]);
  if (dashboard) {
    routes.set(`${path}dashboard`, [dashboard, (res) => send(res, 200, 'text/html; charset=utf-8', DASHBOARD_PAGE)]);
    routes.set(`${path}dashboard/data`, [
      dashboard,
      (res) => {
        const body = { metrics: collectMetrics(io), rooms: busiestRooms(io, TOP), consumers: slowestConsumers(io, TOP) };
        send(res, 200, 'application/json', JSON.stringify(body));
      },
    ]);
  }
  return (req, res) => {
    if (req.method !== 'GET' || !routes.size) return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const route = routes.get(q < 0 ? url : url.slice(0, q));
    if (!route) return false;
    guarded(req, res, route[0], route[1]);
    return true;
  };
}
