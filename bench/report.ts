import type { BundleRow } from './bundle.js';
import { IMPL_NAMES } from './impl/types.js';
import type { ImplName } from './impl/types.js';
import type { Measurement, MetricDef } from './scenarios/scenario.js';
import { spread } from './stats.js';
import type { Spread } from './stats.js';
import { BUNDLE_TARGETS, RATIO_TARGETS } from './targets.js';

/** Turns repetitions into rows (median, min, max, ratios, targets) and prints them as a table. */

export interface ImplRuns {
  reps: Measurement[];
  /** One entry per failed repetition. */
  errors: string[];
}

export interface Row {
  scenario: string;
  metric: string;
  label: string;
  unit: string;
  values: Record<ImplName, Spread | null>;
  vsSocketio: number | null;
  vsWs: number | null;
  target: string | null;
  pass: boolean | null;
}

export interface BundleReportRow extends BundleRow {
  vsSocketio: number | null;
  target: string | null;
  pass: boolean | null;
}

export const LOAD_METRIC: MetricDef = { key: 'otherLoad', label: 'other load on machine', unit: '% CPU', better: 'lower' };

const IMPL_LABEL: Record<ImplName, string> = { sockjet: 'sockjet', socketio: 'socket.io', ws: 'ws' };

function ratio(a: Spread | null, b: Spread | null): number | null {
  return a && b && b.median !== 0 ? a.median / b.median : null;
}

export function buildRows(scenario: string, metrics: readonly MetricDef[], runs: Record<ImplName, ImplRuns>): Row[] {
  return [...metrics, LOAD_METRIC].map((m) => {
    const values = {} as Record<ImplName, Spread | null>;
    for (const impl of IMPL_NAMES) {
      const reps = runs[impl]?.reps ?? [];
      values[impl] = spread(reps.map((r) => (m.key === LOAD_METRIC.key ? r.load?.otherPct ?? NaN : r.metrics[m.key] ?? NaN)));
    }
    const isLoad = m.key === LOAD_METRIC.key;
    const t = RATIO_TARGETS.find((x) => x.scenario === scenario && x.metric === m.key);
    const r = t ? ratio(values.sockjet, values[t.against]) : null;
    return {
      scenario, metric: m.key, label: m.label, unit: m.unit, values,
      vsSocketio: isLoad ? null : ratio(values.sockjet, values.socketio),
      vsWs: isLoad ? null : ratio(values.sockjet, values.ws),
      target: t ? `≤ ${t.max}× ${IMPL_LABEL[t.against]}` : null,
      pass: t ? (r === null ? null : r <= t.max) : null,
    };
  });
}

export function buildBundleRows(rows: readonly BundleRow[]): BundleReportRow[] {
  const sio = rows.find((r) => r.key === 'socketio')?.gzBytes ?? null;
  return rows.map((row) => {
    const t = BUNDLE_TARGETS.find((x) => x.key === row.key);
    const vs = row.gzBytes !== null && sio ? row.gzBytes / sio : null;
    const parts: string[] = [];
    let pass: boolean | null = null;
    if (t) {
      if (t.maxBytes !== undefined) parts.push(`≤ ${t.maxBytes} B`);
      if (t.maxRatio !== undefined) parts.push(`≤ ${t.maxRatio}× socket.io-client`);
      if (row.gzBytes !== null) {
        pass = (t.maxBytes === undefined || row.gzBytes <= t.maxBytes) && (t.maxRatio === undefined || (vs !== null && vs <= t.maxRatio));
      }
    }
    return { ...row, vsSocketio: vs, target: t ? parts.join(', ') : null, pass };
  });
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '-';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

function cell(s: Spread | null, failed: number): string {
  if (!s) return failed ? 'FAILED' : '-';
  const text = s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
  return failed ? `${text} +${failed} failed` : text;
}

function mark(pass: boolean | null, target: string | null): string {
  if (!target) return '';
  if (pass === null) return 'NO DATA';
  return pass ? 'pass' : 'MISS';
}

function ratioCell(r: number | null): string {
  return r === null ? '-' : `${r.toFixed(2)}×`;
}

export function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatRows(rows: readonly Row[], runs: Record<string, Record<ImplName, ImplRuns>>): string {
  const header = ['scenario', 'metric', 'unit', 'sockjet', 'socket.io', 'ws', 'sj/sio', 'sj/ws', 'target', 'mark'];
  const body = rows.map((r) => [
    r.scenario, r.label, r.unit,
    ...IMPL_NAMES.map((impl) => cell(r.values[impl], runs[r.scenario]?.[impl]?.errors.length ?? 0)),
    ratioCell(r.vsSocketio), ratioCell(r.vsWs), r.target ?? '', mark(r.pass, r.target),
  ]);
  return table(header, body);
}

export function formatBundleRows(rows: readonly BundleReportRow[]): string {
  const header = ['bundle', 'source', 'min B', 'gzip B', 'vs socket.io-client', 'target', 'mark'];
  const body = rows.map((r) => [
    r.name, r.error ? `FAILED: ${r.error}` : r.source,
    r.minBytes === null ? '-' : String(r.minBytes), r.gzBytes === null ? '-' : String(r.gzBytes),
    ratioCell(r.vsSocketio), r.target ?? '', mark(r.pass, r.target),
  ]);
  return table(header, body);
}
