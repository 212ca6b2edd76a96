import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureBundles } from './bundle.js';
import { IMPL_NAMES } from './impl/types.js';
import type { ImplName } from './impl/types.js';
import { describe, machine } from './machine.js';
import { buildBundleRows, buildRows, formatBundleRows, formatRows } from './report.js';
import type { ImplRuns, Row } from './report.js';
import { runRep } from './rep.js';
import { SCENARIOS } from './scenarios/index.js';
import { FULL, QUICK } from './scenarios/scenario.js';

/**
 * `npm run bench`: sockjet, socket.io and raw ws side by side. For each scenario the implementations take turns
 * (A B C, B C A, C A B, ...), each repetition in fresh server and client processes; every figure is the median of the
 * repetitions with min and max. Flags: --quick (1 repetition, smaller counts), --only echo,acks,bundle,
 * --reps N, --impls sockjet,ws, --out FILE, --cpu-prof (server CPU profiles in bench/results/prof/, read them
 * with bench/profile-summary.ts).
 */

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    reps: { type: 'string' },
    impls: { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});

const params = flags.quick ? QUICK : FULL;
const reps = Number(flags.reps ?? (flags.quick ? 1 : 3));
const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean);
const impls = (flags.impls?.split(',') ?? [...IMPL_NAMES]) as ImplName[];
const wanted = (name: string) => !only || only.includes(name);
const known = [...SCENARIOS.map((s) => s.name), 'bundle'];
for (const name of only ?? []) if (!known.includes(name)) throw new Error(`unknown scenario ${name}; known: ${known.join(', ')}`);
for (const impl of impls) if (!IMPL_NAMES.includes(impl)) throw new Error(`unknown implementation ${impl}`);

const MAX_FAILURES = 2;

/** An error's message and the first frame of its stack (the child's stack, when it failed there). */
function brief(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const lines = err.message.split('\n').map((l) => l.trim()).filter(Boolean);
  const frame = lines.find((l) => l.startsWith('at '));
  return [lines[0], frame].filter(Boolean).join(' ');
}

const profileDir = flags['cpu-prof'] ? fileURLToPath(new URL('./results/prof/', import.meta.url)) : undefined;
const started = Date.now();
const host = machine();
console.log(describe(host));
console.log(`${flags.quick ? 'quick run' : 'full run'}: ${reps} repetition(s), implementations ${impls.join(', ')}\n`);

const runs: Record<string, Record<ImplName, ImplRuns>> = {};
const rows: Row[] = [];
for (const scenario of SCENARIOS.filter((s) => wanted(s.name))) {
  const perImpl = Object.fromEntries(IMPL_NAMES.map((i) => [i, { reps: [], errors: [] }])) as unknown as Record<ImplName, ImplRuns>;
  runs[scenario.name] = perImpl;
  for (let rep = 0; rep < reps; rep++) {
    // Rotating who goes first spreads any drift in the machine's load over all implementations.
    for (const impl of impls.map((_, i) => impls[(i + rep) % impls.length]!)) {
      // A broken implementation should not cost every remaining repetition; one flaky failure may be noise.
      if (perImpl[impl].errors.length >= MAX_FAILURES) continue;
      const t = Date.now();
      try {
        const label = `${scenario.name}-${impl}-${rep + 1}`;
        perImpl[impl].reps.push(await runRep(scenario, impl, params, { label, profileDir }));
        console.log(`  ${scenario.name} #${rep + 1} ${impl}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
      } catch (err) {
        const error = `#${rep + 1}: ${brief(err)}`;
        perImpl[impl].errors.push(error);
        console.log(`  ${scenario.name} ${impl} FAILED ${error}`);
      }
    }
  }
  rows.push(...buildRows(scenario.name, scenario.metrics, perImpl));
}

const bundles = wanted('bundle') ? buildBundleRows(await measureBundles(fileURLToPath(new URL('..', import.meta.url)))) : [];
const errors = Object.fromEntries(Object.entries(runs).map(([name, r]) =>
  [name, Object.fromEntries(IMPL_NAMES.filter((i) => r[i].errors.length).map((i) => [i, r[i].errors.join('; ')]))]));
const durationS = (Date.now() - started) / 1000;

console.log('');
if (rows.length) console.log(formatRows(rows, runs));
if (bundles.length) console.log(`\n${formatBundleRows(bundles)}`);
for (const [name, byImpl] of Object.entries(errors)) {
  for (const [impl, error] of Object.entries(byImpl)) console.log(`\n${name} / ${impl} FAILED: ${error}`);
}
console.log('\nfigures: median of repetitions (min–max); ratios compare medians; "other load" is CPU used by other');
console.log(`processes during the measured window, as % of all ${host.cores} cores. Took ${durationS.toFixed(0)} s.`);

// Only a complete run may replace latest.json; quick or partial runs go to scratch.json.
const complete = !flags.quick && !only && !flags.impls && !flags.reps && !flags['cpu-prof'];
const out = flags.out ?? fileURLToPath(new URL(`./results/${complete ? 'latest' : 'scratch'}.json`, import.meta.url));
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify({
  machine: host, startedAt: new Date(started).toISOString(), durationS, quick: flags.quick, reps, params,
  rows, bundles, errors, runs,
}, null, 2)}\n`);
console.log(`results written to ${out}`);
