import type { Tally } from './engine-stats.js';
import type { MetricsSnapshot } from './metrics.js';

type Labels = Readonly<Record<string, string>>;
type Sample = readonly [labels: Labels, value: number];

/** A label value in the exposition format: backslash, double quote and line feed escaped. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function family(name: string, type: 'gauge' | 'counter', help: string, samples: readonly Sample[]): string {
  let out = `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
  for (const [labels, value] of samples) {
    const keys = Object.keys(labels);
    const set = keys.length ? `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}` : '';
    out += `${name}${set} ${value}\n`;
  }
  return out;
}

const one = (value: number): Sample[] => [[{}, value]];
const byLabel = (label: string, tally: Tally): Sample[] => Object.entries(tally).map(([key, n]) => [{ [label]: key }, n]);

/**
 * The snapshot in Prometheus's text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), names prefixed `sockjet_`.
 */
export function toPrometheusText(m: MetricsSnapshot): string {
  const nsp = (pick: (n: MetricsSnapshot['namespaces'][number]) => number): Sample[] =>
    m.namespaces.map((n) => [{ namespace: n.name }, pick(n)]);
  return [
    family('sockjet_connections', 'gauge', 'Open Engine.IO connections, by transport.', [
      [{ transport: 'polling' }, m.connections.polling],
      [{ transport: 'websocket' }, m.connections.websocket],
    ]),
    family('sockjet_namespaces', 'gauge', 'Namespaces.', one(m.namespaces.length)),
    family('sockjet_sockets', 'gauge', 'Connected sockets, by namespace.', nsp((n) => n.sockets)),
    family('sockjet_rooms', 'gauge', "Rooms, by namespace (sockets' own rooms excluded).", nsp((n) => n.rooms)),
    family('sockjet_packets_received_total', 'counter', 'Engine.IO packets received.', one(m.packets.in)),
    family('sockjet_packets_sent_total', 'counter', 'Engine.IO packets sent.', one(m.packets.out)),
    family('sockjet_bytes_received_total', 'counter', 'Bytes received by the transports.', one(m.bytes.in)),
    family('sockjet_bytes_sent_total', 'counter', 'Bytes sent by the transports.', one(m.bytes.out)),
    family('sockjet_handshakes_total', 'counter', 'Engine.IO sessions opened.', one(m.handshakes)),
    family('sockjet_upgrades_total', 'counter', 'Sessions upgraded from long-polling to WebSocket.', one(m.upgrades)),
    family('sockjet_disconnects_total', 'counter', 'Sockets that left a namespace, by reason.', byLabel('reason', m.disconnects)),
    family('sockjet_connection_closes_total', 'counter', 'Engine.IO sessions closed, by reason.', byLabel('reason', m.closes)),
    family('sockjet_refused_total', 'counter', 'Requests and input refused, by kind.', byLabel('kind', m.refused)),
    family('sockjet_heartbeat_failures_total', 'counter', 'Sessions closed for an unanswered ping.', one(m.heartbeatFailures)),
    family('sockjet_send_queue_packets', 'gauge', 'Packets waiting in sessions to be sent.', one(m.sendQueue.packets)),
    family('sockjet_send_queue_bytes', 'gauge', 'Bytes buffered in transports, not yet sent.', one(m.sendQueue.bytes)),
    family('sockjet_uptime_seconds', 'gauge', 'Seconds since the server was created.', one(m.uptime)),
  ].join('');
}
