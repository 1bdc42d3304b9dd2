/**
 * The nemesis: one function per fault, each with the processes it needs, how to inject it,
 * how to heal it, and the checks of its own that run after the common invariants.
 */
import { closeSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../../shared/protocol.ts';
import { type Check, checkLedger } from './invariants.ts';
import type { Monitor } from './monitor.ts';
import type { Topology, TopologySpec } from './topology.ts';
import type { CommandRecord, Member } from './workload.ts';
import { register } from './workload.ts';

export interface FaultContext {
  topology: Topology;
  monitor: Monitor;
  members: readonly Member[];
  /** ms since the scenario started */
  clock: () => number;
  log: (message: string) => void;
}

export interface FaultWindow {
  injectedAt: number;
  healedAt: number;
}

export interface Nemesis {
  name: string;
  /** One line for the report: what was done. */
  title: string;
  topology: TopologySpec;
  /** How long the fault is held between inject and heal. */
  holdMs: number;
  inject(ctx: FaultContext): Promise<void>;
  heal(ctx: FaultContext): Promise<void>;
  /** Runs while the fault is held (from inject to heal); resolves soon after `stopped` does. */
  during?(ctx: FaultContext, stopped: Promise<void>): Promise<void>;
  /** Checks of this fault's own, after the common invariants (the processes still run). */
  check?(ctx: FaultContext, ledger: readonly Entry[], records: readonly CommandRecord[], window: FaultWindow): Promise<Check[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const THREE_NODES: TopologySpec = { ledger: 'redis', nodes: 3 };

function redisPid(topology: Topology): number {
  const pid = topology.redis?.pid();
  if (!pid) throw new Error('redis-server is not running');
  return pid;
}

/** redis-server SIGSTOPped for `seconds`, then SIGCONTinued: a stall (a long fork, a stuck disk, a paused VM). */
export function redisStall(seconds: number): Nemesis {
  return {
    name: 'redis-stall',
    title: `redis-server SIGSTOP for ${seconds} s, then SIGCONT (3 nodes)`,
    topology: THREE_NODES,
    holdMs: seconds * 1_000,
    async inject({ topology }) {
      process.kill(redisPid(topology), 'SIGSTOP');
    },
    async heal({ topology }) {
      process.kill(redisPid(topology), 'SIGCONT');
    },
  };
}

/** The link between the nodes and a healthy Redis stops carrying bytes, without closing, for `seconds`. */
export function proxyBlackHole(seconds: number): Nemesis {
  return {
    name: 'blackhole',
    title: `TCP proxy node↔Redis black-holes for ${seconds} s (3 nodes)`,
    topology: { ...THREE_NODES, proxy: true },
    holdMs: seconds * 1_000,
    async inject({ topology }) {
      topology.proxy!.blackHole();
    },
    async heal({ topology }) {
      topology.proxy!.resume();
    },
  };
}

/** redis-server killed with SIGKILL and restarted `downSeconds` later on the same port and AOF. */
export function redisKill(downSeconds: number): Nemesis {
  return {
    name: 'redis-kill',
    title: `redis-server kill -9, restarted after ${downSeconds} s on the same port and AOF (3 nodes)`,
    topology: THREE_NODES,
    holdMs: downSeconds * 1_000,
    async inject({ topology }) {
      await topology.redis!.kill();
    },
    async heal({ topology }) {
      await topology.redis!.start();
    },
  };
}

/** One of three nodes killed with SIGKILL and restarted `downSeconds` later on its port; its clients reconnect to it. */
export function nodeKill(downSeconds: number): Nemesis {
  const victim = 1;
  return {
    name: 'node-kill',
    title: `node 2 of 3 kill -9, restarted after ${downSeconds} s on the same port`,
    topology: THREE_NODES,
    holdMs: downSeconds * 1_000,
    async inject({ topology, monitor }) {
      monitor.expectDown(victim, true);
      await topology.killNode(victim);
    },
    async heal({ topology, monitor }) {
      await topology.restartNode(victim);
      monitor.expectDown(victim, false);
    },
  };
}

const FILLER = 'chaos-filler';

/**
 * A file-mode node's DATA_DIR is a 2 MiB tmpfs; a filler file takes every free byte for
 * `seconds`, then is deleted. People keep registering meanwhile. Afterwards: each 201 still
 * signs in, the node said it was not ready while it could not write, and it restarts.
 */
export function diskFull(seconds: number): Nemesis {
  const registrations: Array<{ at: number; status: number | 'error'; token?: string }> = [];
  return {
    name: 'disk-full',
    title: `DATA_DIR (2 MiB tmpfs) filled for ${seconds} s, then freed (1 node, file ledger)`,
    topology: { ledger: 'file', nodes: 1, tmpfsBytes: 2 * 1024 * 1024 },
    holdMs: seconds * 1_000,
    async inject({ topology, log }) {
      const fd = openSync(join(topology.dataDir, FILLER), 'w');
      const chunk = Buffer.alloc(16 * 1024, 0x2e);
      let filled = 0;
      try {
        for (;;) filled += writeSync(fd, chunk);
      } catch {
        // ENOSPC: full
      }
      // Whatever the last partial block left: fill it byte by byte.
      try {
        for (;;) filled += writeSync(fd, chunk.subarray(0, 1));
      } catch {
        // full to the byte
      }
      closeSync(fd);
      log(`filler took ${Math.round(filled / 1024)} KiB`);
    },
    async heal({ topology }) {
      unlinkSync(join(topology.dataDir, FILLER));
    },
    async during({ topology, clock }, stopped) {
      let done = false;
      void stopped.then(() => (done = true));
      for (let i = 0; !done && i < 8; i++) {
        const at = clock();
        try {
          const { token } = await register(topology.urls()[0]!, `Disk full ${i}`);
          registrations.push({ at, status: 201, token });
        } catch (err) {
          const status = /registration failed: (\d+)/.exec(String(err))?.[1];
          registrations.push({ at, status: status ? Number(status) : 'error' });
        }
        await sleep(500);
      }
    },
    async check({ topology, monitor }, _ledger, records, window) {
      const checks: Check[] = [];
      const url = topology.urls()[0]!;
      const failedWrites = records.filter((r) =>
        r.attempts.some((a) => a.at >= window.injectedAt && a.at <= window.healedAt && a.outcome === 'unavailable'),
      ).length;
      const notReady = monitor.ready.filter((s) => s.at >= window.injectedAt && s.at <= window.healedAt + 500 && s.status !== 200).length;
      checks.push({
        name: 'not ready while it cannot write',
        ok: failedWrites === 0 || notReady > 0,
        detail: `${failedWrites} commands answered unavailable while full; /readyz non-200 in ${notReady} of ${monitor.ready.filter((s) => s.at >= window.injectedAt && s.at <= window.healedAt).length} probes then`,
      });

      // People go on registering once there is room again.
      for (let i = 0; i < 2; i++) {
        try {
          const { token } = await register(url, `After the disk was freed ${i}`);
          registrations.push({ at: Infinity, status: 201, token });
        } catch (err) {
          registrations.push({ at: Infinity, status: Number(/registration failed: (\d+)/.exec(String(err))?.[1] ?? 0) || 'error' });
        }
      }
      const torn = wholeLines(topology.dataDir);
      checks.push({
        name: 'files end on a whole line',
        ok: torn.length === 0,
        detail: torn.length ? torn.join('; ') : 'auth.jsonl and the ledger end with a newline',
      });

      // A node that wrote through a full disk must still start: kill -9 and start it again.
      let restart: Check;
      try {
        await topology.killNode(0);
        const started = performance.now();
        await topology.restartNode(0);
        const res = await fetch(`${topology.opsUrls()[0]!}/readyz`, { signal: AbortSignal.timeout(5_000) });
        restart = {
          name: 'restarts after the disk was full',
          ok: res.status === 200,
          detail: `restarted in ${((performance.now() - started) / 1000).toFixed(1)} s, /readyz ${res.status}`,
        };
      } catch (err) {
        // The node's own words, without the stack.
        const lines = String(err instanceof Error ? err.message : err)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('at ') && !l.startsWith('Node.js v') && !/^[\^~\s]+$/.test(l));
        restart = { name: 'restarts after the disk was full', ok: false, detail: `did not start: ${lines.slice(-2).join(' ⏎ ').slice(0, 400)}` };
      }
      checks.push(restart);
      if (restart.ok) {
        const after = await topology.exportLedger(0).catch(() => null);
        const findings = after ? checkLedger(after, records) : null;
        checks.push({
          name: 'nothing acked lost across the restart',
          ok: findings?.lost === 0,
          detail: findings
            ? `${findings.lost} acked commands missing after the restart (head ${after!.length})${findings.lostExamples.length ? `: ${findings.lostExamples[0]}` : ''}`
            : 'the restarted node did not export its ledger',
        });
      }
      const answered201 = registrations.filter((r) => r.status === 201);
      let signIn = 0;
      for (const r of answered201) {
        const res = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${r.token}` }, signal: AbortSignal.timeout(5_000) }).catch(() => null);
        if (res?.status === 200) signIn++;
      }
      const statuses = registrations.map((r) => r.status).join(', ') || 'none';
      checks.push({
        name: 'every registration answered 201 signs in after the restart',
        ok: signIn === answered201.length,
        detail: `${signIn} of ${answered201.length} sign in (answers while full, then after: ${statuses})`,
      });

      return checks;
    },
  };
}

/** The journal files under `dataDir` that do not end on a newline (a write cut short). */
function wholeLines(dataDir: string): string[] {
  const files = [join(dataDir, 'auth.jsonl'), ...readdirSync(join(dataDir, 'ledger')).map((name) => join(dataDir, 'ledger', name))];
  return files.flatMap((file) => {
    try {
      const text = readFileSync(file);
      return text.length > 0 && text[text.length - 1] !== 0x0a ? [`${file.slice(dataDir.length + 1)} ends mid-line at ${text.length} bytes`] : [];
    } catch {
      return [];
    }
  });
}

/** Event-time checks shared by the clock faults: `at` never goes back (L3), and it keeps moving while the clock is off. */
function atChecks(ledger: readonly Entry[], records: readonly CommandRecord[], window: FaultWindow): Check[] {
  let backwards = 0;
  for (let i = 1; i < ledger.length; i++) if (ledger[i]!.at < ledger[i - 1]!.at) backwards++;
  const bySeq = new Map(ledger.map((e) => [e.seq, e]));
  const inside = records
    .filter((r) => r.final === 'acked' && r.attempts.length > 0 && r.attempts[0]!.at >= window.injectedAt + 1_000 && r.attempts.at(-1)!.at <= window.healedAt)
    .flatMap((r) => {
      const entry = bySeq.get(r.seq!);
      return entry ? [{ wall: r.attempts.at(-1)!.at, at: entry.at }] : [];
    });
  const wallSpan = inside.length ? Math.max(...inside.map((x) => x.wall)) - Math.min(...inside.map((x) => x.wall)) : 0;
  const atSpan = inside.length ? Math.max(...inside.map((x) => x.at)) - Math.min(...inside.map((x) => x.at)) : 0;
  return [
    { name: '`at` never goes back (L3)', ok: backwards === 0, detail: `${backwards} entries earlier than the one before` },
    {
      name: 'event time moves while the clock is off',
      ok: wallSpan >= 2_000 && atSpan >= wallSpan * 0.5,
      detail: `entries acked during the fault span ${(atSpan / 1000).toFixed(1)} s of event time over ${(wallSpan / 1000).toFixed(1)} s of real time (${inside.length} entries)`,
    },
  ];
}

/** Offsets of each node's clock.ping answer from the harness's clock, midpoint-corrected. */
async function pingOffsets(members: readonly Member[], nodes: number): Promise<Array<number | null>> {
  return Promise.all(
    Array.from({ length: nodes }, async (_, node) => {
      const member = members.find((m) => m.node === node && m.client.socket.connected);
      if (!member) return null;
      const sent = Date.now();
      try {
        const { serverAt } = (await member.client.socket.timeout(2_000).emitWithAck('clock.ping', { clientSentAt: sent })) as { serverAt: number };
        return serverAt - (sent + Date.now()) / 2;
      } catch {
        return null;
      }
    }),
  );
}

/**
 * Redis mode: node 3's clock runs `aheadSeconds` ahead for `seconds`, then steps back to the
 * true time. Every node stamps with Redis's clock and should answer clock pings with it too.
 */
export function clockSkew(seconds: number, aheadSeconds = 90): Nemesis {
  let worstSpreadMs = 0;
  return {
    name: 'clock-skew',
    title: `node 3's clock ${aheadSeconds} s ahead for ${seconds} s, then stepped back (3 nodes)`,
    topology: THREE_NODES,
    holdMs: seconds * 1_000,
    async inject({ topology }) {
      topology.setClockOffset(2, aheadSeconds * 1_000);
    },
    async heal({ topology }) {
      topology.setClockOffset(2, 0);
    },
    async during({ members, topology }, stopped) {
      let done = false;
      void stopped.then(() => (done = true));
      await sleep(500);
      while (!done) {
        const offsets = (await pingOffsets(members, topology.nodes.length)).filter((o): o is number => o !== null);
        if (offsets.length > 1) worstSpreadMs = Math.max(worstSpreadMs, Math.max(...offsets) - Math.min(...offsets));
        await sleep(1_000);
      }
    },
    async check(_ctx, ledger, records, window) {
      return [
        {
          name: 'clock pings agree across nodes (one clock)',
          ok: worstSpreadMs < 1_000,
          detail: `nodes' clock.ping answers spread up to ${(worstSpreadMs / 1000).toFixed(1)} s apart`,
        },
        ...atChecks(ledger, records, window).slice(0, 1),
      ];
    },
  };
}

/** File mode: the node's clock steps back `backSeconds` for `seconds`, then forward to the true time. */
export function clockBack(seconds: number, backSeconds = 3_600): Nemesis {
  return {
    name: 'clock-back',
    title: `the node's clock stepped back ${backSeconds / 60} min for ${seconds} s, then forward again (1 node, file ledger)`,
    topology: { ledger: 'file', nodes: 1 },
    holdMs: seconds * 1_000,
    async inject({ topology }) {
      topology.setClockOffset(0, -backSeconds * 1_000);
    },
    async heal({ topology }) {
      topology.setClockOffset(0, 0);
    },
    async check(_ctx, ledger, records, window) {
      return atChecks(ledger, records, window);
    },
  };
}

export const FAULTS = ['redis-stall', 'blackhole', 'redis-kill', 'node-kill', 'disk-full', 'clock-skew', 'clock-back'] as const;
export type FaultName = (typeof FAULTS)[number];
export const SHORT_FAULTS: readonly FaultName[] = ['redis-stall', 'blackhole', 'redis-kill', 'node-kill', 'disk-full'];

export function nemesisFor(name: FaultName, { short, stallSeconds }: { short: boolean; stallSeconds: number }): Nemesis {
  switch (name) {
    case 'redis-stall':
      return redisStall(stallSeconds);
    case 'blackhole':
      return proxyBlackHole(15);
    case 'redis-kill':
      return redisKill(short ? 2 : 5);
    case 'node-kill':
      return nodeKill(short ? 2 : 5);
    case 'disk-full':
      return diskFull(short ? 5 : 10);
    case 'clock-skew':
      return clockSkew(short ? 8 : 15);
    case 'clock-back':
      return clockBack(short ? 8 : 15);
    default: {
      const unknown: never = name;
      throw new Error(`unknown fault ${String(unknown)}`);
    }
  }
}
