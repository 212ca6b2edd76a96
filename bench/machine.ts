import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';

/** What the figures were measured on; printed at the top and stored with the results. */
export interface Machine {
  cpuModel: string;
  cores: number;
  node: string;
  os: string;
  memoryMB: number;
  freeMemoryMB: number;
  loadAvg: number[];
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    node: process.version,
    os: `${type()} ${release()}`,
    memoryMB: Math.round(totalmem() / 2 ** 20),
    freeMemoryMB: Math.round(freemem() / 2 ** 20),
    loadAvg: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

export function describe(m: Machine): string {
  return `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryMB} MB (${m.freeMemoryMB} free), ` +
    `${m.os}, node ${m.node}, load average ${m.loadAvg.join(' ')}`;
}
