import { readFileSync } from 'node:fs';

/**
 * Load on the machine from other processes while a measurement runs: busy time of the whole machine
 * (/proc/stat) minus the CPU time of our own processes (/proc/<pid>/stat), as a share of all cores.
 * Linux only; elsewhere it reports null rather than guessing.
 */

interface Snapshot {
  busy: number;
  total: number;
  ours: number;
}

export interface LoadReading {
  /** Other processes' CPU as a percentage of the whole machine (100 = every core busy). */
  otherPct: number;
  /** Our processes' CPU as a percentage of the whole machine. */
  oursPct: number;
}

function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  // cpu user nice system idle iowait irq softirq steal ... (guest time is already counted in user)
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3]! + f[4]!;
  return { busy: total - idle, total };
}

function processJiffies(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return 0; // the process has exited: it adds nothing more
  }
}

export class LoadMeter {
  private start: Snapshot | null;

  constructor(private readonly pids: readonly number[]) {
    this.start = this.snapshot();
  }

  private snapshot(): Snapshot | null {
    try {
      const m = machineJiffies();
      const ours = this.pids.reduce((sum, pid) => sum + processJiffies(pid), 0);
      return { ...m, ours };
    } catch {
      return null;
    }
  }

  /** Load since construction, or null when /proc is not there. */
  read(): LoadReading | null {
    const end = this.snapshot();
    if (!this.start || !end) return null;
    const total = end.total - this.start.total;
    if (total <= 0) return { otherPct: 0, oursPct: 0 };
    const ours = end.ours - this.start.ours;
    const other = Math.max(0, end.busy - this.start.busy - ours);
    return { otherPct: (100 * other) / total, oursPct: (100 * ours) / total };
  }
}
