/**
 * Every figure the chaos suite measures, printed as one table when the run ends (issue 13 asks for tables, not
 * assertions on speed). A scenario records `figure(scenario, name, value)`; the root `after` hook prints.
 */
const rows: [scenario: string, name: string, value: string][] = [];

export function figure(scenario: string, name: string, value: string | number): void {
  rows.push([scenario, name, String(value)]);
}

export function printFigures(title: string): void {
  if (!rows.length) return;
  const header: [string, string, string] = ['scenario', 'figure', 'value'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [`\n${title}`, line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  rows.length = 0;
  console.log(out.join('\n'));
}
