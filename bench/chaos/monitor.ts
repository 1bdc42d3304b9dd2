/**
 * Watches every node for the whole scenario, as a load balancer and an operator would:
 * `/healthz` every 200 ms (a miss: no 200 within 1 s), `/readyz` every second (what it says
 * and when), and each node process's resident memory.
 */
import { readFileSync } from 'node:fs';
import type { Topology } from './topology.ts';

export interface ReadySample {
  /** ms since the scenario started */
  at: number;
  node: number;
  status: number | 'timeout';
  reason?: string;
}

export interface HealthStats {
  probes: number;
  misses: number;
  /** ms since the scenario started, of each miss (first 20) */
  missesAt: number[];
  maxLatencyMs: number;
}

const HEALTH_EVERY_MS = 200;
const HEALTH_BUDGET_MS = 1_000;
const READY_EVERY_MS = 1_000;

export class Monitor {
  readonly health: HealthStats[];
  readonly ready: ReadySample[] = [];
  readonly maxRssMb: number[];
  /** Nodes the nemesis took down on purpose: their misses are not counted. */
  private readonly down = new Set<number>();
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly topology: Topology,
    private readonly clock: () => number,
  ) {
    const n = topology.nodes.length;
    this.health = Array.from({ length: n }, () => ({ probes: 0, misses: 0, missesAt: [], maxLatencyMs: 0 }));
    this.maxRssMb = Array.from({ length: n }, () => 0);
  }

  start(): void {
    const urls = this.topology.urls();
    this.loops = [
      ...urls.map((url, i) => this.every(HEALTH_EVERY_MS, () => this.probeHealth(url, i))),
      ...this.topology.opsUrls().map((url, i) => this.every(READY_EVERY_MS, () => this.probeReady(url, i))),
      this.every(1_000, async () => this.sampleRss()),
    ];
  }

  expectDown(node: number, down: boolean): void {
    if (down) this.down.add(node);
    else this.down.delete(node);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async every(ms: number, probe: () => Promise<void>): Promise<void> {
    while (this.running) {
      const started = performance.now();
      await probe();
      const wait = ms - (performance.now() - started);
      if (wait > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async probeHealth(url: string, node: number): Promise<void> {
    if (this.down.has(node)) return;
    const started = performance.now();
    let ok = false;
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(HEALTH_BUDGET_MS * 2) });
      await res.arrayBuffer();
      ok = res.status === 200;
    } catch {
      // refused or timed out
    }
    const latency = performance.now() - started;
    if (this.down.has(node)) return; // taken down while the probe was out
    const stats = this.health[node]!;
    stats.probes++;
    stats.maxLatencyMs = Math.max(stats.maxLatencyMs, Math.round(latency));
    if (!ok || latency > HEALTH_BUDGET_MS) {
      stats.misses++;
      if (stats.missesAt.length < 20) stats.missesAt.push(Math.round(this.clock()));
    }
  }

  private async probeReady(url: string, node: number): Promise<void> {
    if (this.down.has(node)) return;
    const at = Math.round(this.clock());
    let sample: ReadySample;
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) });
      const body = (await res.json().catch(() => ({}))) as { reason?: string };
      sample = { at, node, status: res.status, ...(body.reason && { reason: body.reason }) };
    } catch {
      sample = { at, node, status: 'timeout' };
    }
    if (!this.down.has(node)) this.ready.push(sample); // not taken down while the probe was out
  }

  private sampleRss(): void {
    this.topology.nodes.forEach((node, i) => {
      try {
        const status = readFileSync(`/proc/${node.child.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        this.maxRssMb[i] = Math.max(this.maxRssMb[i]!, Math.round(kb / 1024));
      } catch {
        // not running
      }
    });
  }
}
