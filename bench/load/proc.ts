/**
 * What a process costs, read from /proc (Linux): CPU time (user + system) and resident
 * memory. It works for any process, so Gavel's nodes, the floor server, redis-server and
 * the client workers are all measured the same way, from outside.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time of a process so far, in milliseconds (10 ms resolution). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** Resident set size of a process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU time of several processes added up. */
export function totalCpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
}

export function totalRssBytes(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
}

/**
 * Share of the last minute (%) in which some runnable task waited for a CPU (Linux PSI), or
 * null where the kernel does not say: on a machine shared with other work, latency is mostly this.
 */
function cpuPressure(): number | null {
  try {
    const match = /^some .*avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The machine's 1-minute load average, CPU pressure and the top CPU users right now, for the report's context. */
export function machineLoad(): { loadavg1m: number; cpuPressure60s: number | null; top: string[] } {
  let top: string[] = [];
  try {
    top = execFileSync('ps', ['-eo', 'pcpu,etime,args', '--sort=-pcpu', '--no-headers'], { encoding: 'utf8' })
      .split('\n')
      .slice(0, 8)
      .map((line) => line.trim().slice(0, 140))
      .filter(Boolean);
  } catch {
    // ps is only context
  }
  return { loadavg1m: +loadavg()[0]!.toFixed(2), cpuPressure60s: cpuPressure(), top };
}

/** Keep every thread of each process on one CPU (`taskset`), so that what it costs is measured on a core of its own; `any` lets them go again. */
export function pinToCpu(pids: readonly number[], cpu: number | 'any'): void {
  const cpus = cpu === 'any' ? `0-${availableParallelism() - 1}` : String(cpu);
  for (const pid of pids) execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], { stdio: 'ignore' });
}
