import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `node --import tsx bench/profile-summary.ts bench/results/prof/<label>-server [N]`: the N functions with the most self time
 * in a V8 CPU profile (as written by `bench/run.ts --cpu-prof`), so a hot spot shows without opening DevTools.
 * The profile covers the server process's whole life: start-up and connecting as well as the measured window.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [path, topArg] = process.argv.slice(2);
if (!path) throw new Error('usage: profile-summary.ts FILE.cpuprofile|DIR [N]');

/** Given a directory (one profile per thread), the main thread's: Node names files CPU.<date>.<time>.<pid>.<tid>.<seq>. */
function load(p: string): Profile {
  const file = statSync(p).isDirectory()
    ? readdirSync(p).map((f) => join(p, f)).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    : p;
  if (!file) throw new Error(`no main-thread .cpuprofile in ${p}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

const profile = load(path);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const root = fileURLToPath(new URL('..', import.meta.url));
const shortUrl = (url: string) => (url.startsWith('file:') ? relative(root, fileURLToPath(url)) : url);
const selfUs = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  if (!frame) return;
  const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
  selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
});
const top = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
for (const [key, us] of top) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
console.log(`${(total / 1000).toFixed(1).padStart(8)} ms total`);
