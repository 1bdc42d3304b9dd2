/**
 * One scenario: fresh processes, the workload running, one fault injected, held and healed,
 * recovery timed, the cluster left to settle, then every invariant checked.
 */

import { EVERYONE } from '../../shared/projection.ts';
import { replay } from '../../shared/reducer/index.ts';
import { emptyState } from '../../shared/state.ts';
import { projectedReplay } from '../../tests/support/projected.ts';
import { type Check, checkClients, checkLedger, checkNodes, type LedgerRead, type NodeView, RECOVERY_BUDGET_S } from './invariants.ts';
import { Monitor } from './monitor.ts';
import type { FaultContext, Nemesis } from './nemesis.ts';
import { EVENT_ID, startTopology, type Topology } from './topology.ts';
import { type CommandRecord, connectMember, type IdMode, type Member, register, Workload } from './workload.ts';

export interface ScenarioOptions {
  participants: number;
  /** Pause between one participant's commands (ms). */
  intervalMs: number;
  warmupMs: number;
  /** Load after recovery, before the workload stops. */
  afterMs: number;
  /** How long recovery is waited for before it is called failed. */
  recoveryWaitMs: number;
  ids: IdMode;
  log: (message: string) => void;
  onCleanup: (fn: () => Promise<void>) => void;
}

export interface ScenarioResult {
  fault: string;
  title: string;
  verdict: 'pass' | 'FAIL';
  failures: string[];
  commands: { sent: number; acked: number; refused: Record<string, number>; unanswered: number; retried: number; unavailableAnswers: number; timeouts: number };
  lost: number | null;
  doubled: number | null;
  examples: string[];
  healthz: { probes: number; misses: number; maxLatencyMs: number; missesAtS: number[] };
  /** s from the heal to every node ready and a fresh command acked through each; null: not within the wait. */
  recoveryS: number | null;
  recoveryWaitS: number;
  checks: Check[];
  ledger: { source: string; head: number } | null;
  readyz: string;
  maxRssMb: number[];
  /** s since the scenario started; healTookS: how long the heal itself took (a restart's start-up). */
  timeline: { injectedAtS: number; healedAtS: number; healTookS: number; endAtS: number };
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyView(url: string, node: number): Promise<NodeView> {
  try {
    const res = await fetch(`${url}/readyz?digest=1`, { signal: AbortSignal.timeout(3_000) });
    const body = (await res.json()) as { reason?: string; events?: Record<string, { seq: number; digest: string }> };
    const event = body.events?.[EVENT_ID];
    return { node, status: res.status, ...(body.reason && { reason: body.reason }), ...(event && { seq: event.seq, digest: event.digest }) };
  } catch {
    return { node, status: 'timeout' };
  }
}

/** The ledger through a node's moderator export; straight from the store when no node answers. */
async function readLedger(topology: Topology, views: readonly NodeView[]): Promise<LedgerRead> {
  for (let i = 0; i < topology.nodes.length; i++) {
    if (views[i]?.status === 'timeout') continue; // a node that does not answer /readyz will not answer this either
    try {
      return { entries: await topology.exportLedger(i), source: `export.json of node ${i + 1}` };
    } catch {
      // try the next node
    }
  }
  return {
    entries: await topology.readLedgerDirectly(),
    source: `${topology.redis ? 'Redis' : 'the ledger file'}, read directly: no node answered the export`,
  };
}

/** Wait until every node is ready at one seq and every client has it, or `timeoutMs`. */
async function settle(topology: Topology, members: readonly Member[], timeoutMs: number): Promise<NodeView[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const views = await Promise.all(topology.opsUrls().map(readyView));
    const seqs = new Set(views.map((v) => (v.status === 200 ? v.seq : -1)));
    const seq = views[0]?.seq;
    if (seqs.size === 1 && !seqs.has(-1) && members.every((m) => m.client.replica?.state.seq === seq)) return views;
    if (performance.now() > deadline) return views;
    await sleep(250);
  }
}

function summarise(records: readonly CommandRecord[]): ScenarioResult['commands'] {
  const refused: Record<string, number> = {};
  for (const r of records) if (r.final === 'refused') refused[r.code!] = (refused[r.code!] ?? 0) + 1;
  const attempts = records.flatMap((r) => r.attempts);
  return {
    sent: records.length,
    acked: records.filter((r) => r.final === 'acked').length,
    refused,
    unanswered: records.filter((r) => r.final === 'unanswered').length,
    retried: records.filter((r) => r.attempts.filter((a) => a.outcome !== 'bad_request').length > 1).length,
    unavailableAnswers: attempts.filter((a) => a.outcome === 'unavailable').length,
    timeouts: attempts.filter((a) => a.outcome === 'timeout').length,
  };
}

/** Condense the /readyz samples to the runs of non-200 answers, e.g. "node 1 503 4.2–9.0 s (the ledger is unreachable)". */
function readyRuns(monitor: Monitor): string {
  const runs: string[] = [];
  const byNode = new Map<number, typeof monitor.ready>();
  for (const s of monitor.ready) byNode.set(s.node, [...(byNode.get(s.node) ?? []), s]);
  for (const [node, samples] of [...byNode].sort(([a], [b]) => a - b)) {
    let start: (typeof samples)[number] | null = null;
    let last: (typeof samples)[number] | null = null;
    const flush = () => {
      if (start && last)
        runs.push(
          `node ${node + 1} ${start.status} ${(start.at / 1000).toFixed(1)}–${(last.at / 1000).toFixed(1)} s${start.reason ? ` (${start.reason})` : ''}`,
        );
      start = last = null;
    };
    for (const s of samples) {
      if (s.status === 200) flush();
      else if (start && s.status === start.status) last = s;
      else {
        flush();
        start = last = s;
      }
    }
    flush();
  }
  return runs.join('; ') || 'always 200';
}

export async function runScenario(nemesis: Nemesis, options: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const log = (message: string) => options.log(`[${(clock() / 1000).toFixed(1).padStart(5)} s] ${nemesis.name}: ${message}`);
  const result: ScenarioResult = {
    fault: nemesis.name,
    title: nemesis.title,
    verdict: 'FAIL',
    failures: [],
    commands: { sent: 0, acked: 0, refused: {}, unanswered: 0, retried: 0, unavailableAnswers: 0, timeouts: 0 },
    lost: null,
    doubled: null,
    examples: [],
    healthz: { probes: 0, misses: 0, maxLatencyMs: 0, missesAtS: [] },
    recoveryS: null,
    recoveryWaitS: options.recoveryWaitMs / 1000,
    checks: [],
    ledger: null,
    readyz: '',
    maxRssMb: [],
    timeline: { injectedAtS: 0, healedAtS: 0, healTookS: 0, endAtS: 0 },
  };
  let topology: Topology | null = null;
  const members: Member[] = [];
  let monitor: Monitor | null = null;
  let workload: Workload | null = null;
  try {
    log(`starting ${nemesis.topology.nodes} node(s), ${nemesis.topology.ledger} ledger`);
    topology = await startTopology(nemesis.topology, options.onCleanup);
    const urls = topology.urls();
    const nodeCount = urls.length;
    members.push(await connectMember(urls[0]!, topology.moderatorToken, 'moderator', 0));
    for (let i = 0; i < options.participants; i++) {
      const node = (i + 1) % nodeCount;
      const { token } = await register(urls[node]!, `Chaos participant ${i + 1}`);
      members.push(await connectMember(urls[node]!, token, `p${i + 1}`, node));
    }
    // One moderator socket per node: the probes that tell when each node takes commands again.
    const probes = await Promise.all(urls.map((url, i) => connectMember(url, topology!.moderatorToken, `probe@node${i + 1}`, i)));
    // A probe measures the node, not socket.io-client's reconnection backoff (up to 5 s): it knocks every 250 ms.
    for (const probe of probes) probe.client.socket.io.reconnectionDelay(250).reconnectionDelayMax(250).randomizationFactor(0);
    const everyone = [...members, ...probes];
    const load = new Workload(members, { scenario: nemesis.name, intervalMs: options.intervalMs, ackTimeoutMs: 5_000, ids: options.ids, clock });
    workload = load;
    await load.send(members[0]!, 'chat.send', { text: `chaos ${nemesis.name} opening` });
    await members[0]!.client.socket
      .timeout(5_000)
      .emitWithAck('command', { type: 'event.start', payload: {} })
      .catch(() => null);

    monitor = new Monitor(topology, clock);
    monitor.start();
    load.start();
    log(`${options.participants} participants and a moderator at work`);
    await sleep(options.warmupMs);

    const ctx: FaultContext = { topology, monitor, members, clock, log };
    const injectedAt = clock();
    log(`inject: ${nemesis.title}`);
    await nemesis.inject(ctx);
    let endHold!: () => void;
    const held = new Promise<void>((resolve) => (endHold = resolve));
    const during = nemesis.during?.(ctx, held).catch((err: unknown) => log(`during: ${String(err)}`));
    await sleep(nemesis.holdMs);
    const healStartedAt = clock();
    log('heal');
    endHold();
    await nemesis.heal(ctx);
    // The fault has ended once the heal is done (SIGCONT sent, link resumed, the process back up):
    // recovery is timed from here; how long the heal itself took is reported beside it.
    const healedAt = clock();
    await during;

    // Recovery: every node ready, and a fresh command acked through each node.
    const deadline = healedAt + options.recoveryWaitMs;
    const readyAt = (async () => {
      while (clock() < deadline) {
        const views = await Promise.all(topology!.opsUrls().map(readyView));
        if (views.every((v) => v.status === 200)) return clock();
        await sleep(100);
      }
      return null;
    })();
    const ackedAt = probes.map(async (probe, i) => {
      const record = await load.send(probe, 'chat.send', { text: `chaos ${nemesis.name} probe via node ${i + 1} after heal` }, { probe: true }, deadline, {
        ackTimeoutMs: 2_000,
        retryMs: 250,
      });
      return record.final === 'acked' ? clock() : null;
    });
    const times = await Promise.all([readyAt, ...ackedAt]);
    result.recoveryS = times.every((t) => t !== null) ? Math.round((Math.max(...(times as number[])) - healedAt) / 100) / 10 : null;
    const healTook = healedAt - healStartedAt > 500 ? ` (the heal itself took ${round1(healedAt - healStartedAt)} s)` : '';
    log(
      `${result.recoveryS === null ? `no recovery within ${options.recoveryWaitMs / 1000} s` : `recovered in ${result.recoveryS} s`} after the heal${healTook}`,
    );

    await sleep(options.afterMs);
    await load.stop(5_000);
    await monitor.stop();
    // A cluster that did not recover gets a short while more, not the full wait again.
    const views = await settle(topology, everyone, result.recoveryS === null ? 3_000 : 10_000);
    result.timeline = { injectedAtS: round1(injectedAt), healedAtS: round1(healedAt), healTookS: round1(healedAt - healStartedAt), endAtS: round1(clock()) };

    const ledger = await readLedger(topology, views);
    const entries = [...ledger.entries].sort((a, b) => a.seq - b.seq);
    const head = entries.at(-1)?.seq ?? 0;
    result.ledger = { source: ledger.source, head };
    const findings = checkLedger(entries, load.records);
    result.lost = findings.lost;
    result.doubled = findings.doubled;
    result.examples = [...findings.lostExamples, ...findings.doubledExamples];
    const truth = replay(emptyState(EVENT_ID), entries);
    // A browser holds the projection of the node's state (B6): without the node-only public groups, for one.
    result.checks.push(findings.contiguous, checkNodes(views, head, truth), checkClients(everyone, head, projectedReplay(EVENT_ID, entries, EVERYONE)));
    if (nemesis.check) result.checks.push(...(await nemesis.check(ctx, entries, load.records, { injectedAt, healedAt })));
    result.healthz = {
      probes: monitor.health.reduce((n, h) => n + h.probes, 0),
      misses: monitor.health.reduce((n, h) => n + h.misses, 0),
      maxLatencyMs: Math.max(...monitor.health.map((h) => h.maxLatencyMs)),
      missesAtS: monitor.health
        .flatMap((h) => h.missesAt)
        .sort((a, b) => a - b)
        .slice(0, 10)
        .map(round1),
    };
  } catch (err) {
    result.error = err instanceof Error ? err.message.split('\n').slice(0, 6).join(' ⏎ ') : String(err);
    log(`harness error: ${result.error}`);
  } finally {
    await monitor?.stop();
    if (workload) {
      workload.abandon();
      result.commands = summarise(workload.records);
    }
    if (monitor) {
      result.readyz = readyRuns(monitor);
      result.maxRssMb = monitor.maxRssMb;
    }
    for (const m of members) m.client.close();
    await topology?.close();
  }
  result.failures = verdictFailures(result);
  result.verdict = result.failures.length === 0 ? 'pass' : 'FAIL';
  log(`${result.verdict}${result.failures.length ? `: ${result.failures.join('; ')}` : ''}`);
  return result;
}

const round1 = (ms: number) => Math.round(ms / 100) / 10;

function verdictFailures(r: ScenarioResult): string[] {
  const failures: string[] = [];
  if (r.error) failures.push(`harness: ${r.error}`);
  if (r.commands.acked === 0) failures.push('no command acked');
  if (r.lost) failures.push(`${r.lost} acked commands lost`);
  if (r.doubled) failures.push(`${r.doubled} commands applied twice`);
  if (r.healthz.misses) failures.push(`/healthz missed ${r.healthz.misses} of ${r.healthz.probes} probes (max ${r.healthz.maxLatencyMs} ms)`);
  if (r.recoveryS === null) failures.push(`no recovery within ${r.recoveryWaitS} s of the heal`);
  else if (r.recoveryS > RECOVERY_BUDGET_S) failures.push(`recovery took ${r.recoveryS} s (budget ${RECOVERY_BUDGET_S} s)`);
  for (const c of r.checks) if (!c.ok) failures.push(`${c.name}: ${c.detail}`);
  return failures;
}
