/**
 * The load benchmark (issue 6): a full event for N participants, Gavel and the floor side by
 * side in one run. The coordinator (this file) starts the server, forks the client workers
 * (bench/load/worker.ts), runs the join storm, then the seed event at a compressed clock
 * (bench/load/director.ts: the moderator's script; chat and hands from here), then waits
 * for every client to hold every entry, and reads the server's CPU and memory from /proc.
 *
 *   npm run bench -- load --clients 5000 --nodes 1
 *
 * The reconnect storm (issue 14): with `--kill-node I` the coordinator sends SIGKILL to node I
 * `--kill-at` seconds into the scenario, while chat runs, and tells the workers. Its clients
 * reconnect to the other nodes as a load balancer would send them (round-robin over the nodes
 * not known dead), after the real client's backoff (250–750 ms for the first attempt), with
 * `sinceSeq` in the handshake (RC1). Each records, from its drop: when the handshake was
 * accepted; when it was caught up, i.e. first stood at the highest seq a client of its worker
 * that stayed connected had applied (`Recorder.head`); the bytes received on the new
 * connection until then; whether it got a snapshot; and what it missed: the entries from its
 * seq at the drop to that head, with their bytes as the clients that stayed connected received
 * them (each entry's JSON in their `entries` packets, without the framing of those packets).
 * The `reconnectStorm` block of the report holds those against the budget: every client back
 * and caught up within 5 s, no snapshot while the node holds what it missed (2,000 entries),
 * and bytes ≤ missed + 2 KB each (the allowance covers the Engine.IO open packet, the connect
 * ack, the catch-up packet's framing and any ping). The floor runs the same storm; it has no
 * catch-up (every reconnection gets a snapshot), and its figures are reported as they are.
 *
 *   npm run bench -- load --clients 6000 --nodes 3 --kill-node 1 --kill-at 20
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { prng } from '../../tests/support/randomCommands.ts';
import { ROSTER_IDS } from './director.ts';
import { Histogram, type Summary } from './histogram.ts';
import type {
  CommandCounts,
  DirectorEvent,
  FromWorker,
  JoinedMessage,
  PersonSpec,
  QuietMessage,
  RegisteredMessage,
  StormReconnect,
  TargetKind,
  ToWorker,
  WorkerReport,
} from './messages.ts';
import { type LoadOptions, parseLoadOptions } from './options.ts';
import { cpuMs, machineLoad, pinToCpu, totalCpuMs, totalRssBytes } from './proc.ts';
import { loadTable } from './report.ts';
import { DELIVERY_KINDS } from './stamp.ts';
import { snapshotFile, startFloor, startGavel, type Target } from './targets.ts';

const WORKER_FILE = join(import.meta.dirname, 'worker.ts');
const REGIONS = ['africa', 'asia', 'europe', 'other'] as const;
const COUNTRIES: Record<(typeof REGIONS)[number], string[]> = {
  africa: ['Senegal', 'Nigeria', 'Kenya', 'Ethiopia', 'Ghana', 'Morocco'],
  asia: ['Philippines', 'India', 'Afghanistan', 'China', 'Viet Nam'],
  europe: ['France', 'Italy', 'Germany', 'United Kingdom', 'Netherlands', 'Kosovo', 'Albania'],
  other: ['United States', 'Canada', 'Brazil', 'Australia'],
};
const JOIN_TIMEOUT_MS = 60_000;
/** With `pin`: where the servers (and redis-server) run, and where the coordinator and the client workers do. */
const CPUS = { servers: 0, clients: 1 } as const;

export interface TargetResult {
  target: TargetKind;
  nodes: number;
  participants: number;
  clients: number;
  joined: number;
  joinFailures: string[];
  join: { registerMs: Summary; joinMs: Summary; windowSeconds: number; wallSeconds: number };
  latencyMs: Record<string, Summary>;
  /** Delivery latency seen by the probe clients alone (a process of their own, lightly loaded). */
  probeLatencyMs: Summary | null;
  ackMs: Summary;
  deliveries: { total: number; scenario: number; registration: number };
  missed: number;
  doubled: number;
  outOfOrder: number;
  clientsShort: number;
  shortClients: string[];
  /** Dropped connections by reason, and when the first and last dropped, in seconds after the scenario started (negative: during the join storm). */
  drops: { reasons: Record<string, number>; firstSeconds: number | null; lastSeconds: number | null };
  disconnects: number;
  connectedAtEnd: number;
  commands: CommandCounts;
  directorRefusals: string[];
  finalSeq: number;
  scenarioSeconds: number;
  server: {
    cpuMsJoin: number;
    cpuMsScenario: number;
    cpuUsPerDelivery: number;
    redisCpuMsScenario: number | null;
    rssBeforeMb: number;
    rssAfterJoinMb: number;
    rssPerParticipantKb: number;
    heapBeforeMb: number;
    heapAfterJoinMb: number;
    heapPerParticipantKb: number;
  };
  bytesPerClientPerMinute: number;
  joinBytesPerClient: number;
  snapshotBytes: number;
  replicas: { count: number; agree: boolean };
  workersCpuMs: number;
  /**
   * Packets per client per second; CPU per packet a client received (µs), the node's (its
   * scenario CPU over every packet it sent) beside the client workers'; and how many cores'
   * worth of CPU the workers used over the scenario (near 1 with pinning: the generator is saturated).
   */
  clientPackets: {
    perClientPerSecond: number;
    workerCpuUsPerPacket: number;
    /** The same without the probes' worker: the bulk of the audience alone (lean participants unless --full-clients). */
    bulkWorkerCpuUsPerPacket: number;
    nodeCpuUsPerPacket: number;
    /** The workers' CPU per delivered entry, beside `server.cpuUsPerDelivery`: packets grow with the audience, entries do not. */
    workerCpuUsPerDelivery: number;
    workerCores: number;
  };
  /** The CPUs the servers and the clients were pinned to, or null when they shared the machine. */
  cpus: { servers: number; clients: number } | null;
  /** With `--kill-node`: how the killed node's clients got back (issue 14's reconnect storm). */
  reconnectStorm: ReconnectStorm | null;
  machine: { before: ReturnType<typeof machineLoad>; after: ReturnType<typeof machineLoad> };
}

/** Issue 14's budget for a client of a killed node: back and caught up within 5 s, for what it missed + 2 KB, no snapshot unless it missed more than the node holds. */
export const STORM_BUDGET = { catchUpSeconds: 5, extraBytes: 2_048, nodeHoldsEntries: 2_000 } as const;

interface Spread {
  p50: number;
  p99: number;
  max: number;
}

export interface ReconnectStorm {
  killedNode: number;
  /** Seconds into the scenario the node was killed at. */
  killedAtSeconds: number;
  /** Clients connected to the killed node when it died (the coordinator's word reached the workers ms later). */
  clientsOfKilled: number;
  /** Of them: dropped, back on another node, and caught up (at the head of the clients that stayed connected). */
  dropped: number;
  reconnected: number;
  caughtUp: number;
  caughtUpWithinBudget: number;
  /** Drop → handshake accepted on another node, and drop → caught up (s); attempts per client. */
  reconnectSeconds: Spread;
  catchUpSeconds: Spread;
  maxAttempts: number;
  /** Clients that started over from a snapshot; of them, those that had missed no more than the node holds (2,000 entries). */
  snapshots: number;
  snapshotsWithinHeldRange: number;
  /**
   * Bytes received on the new connection until caught up, against the bytes of the entries
   * missed as the clients that stayed connected received them (each entry's JSON in their
   * `entries` packets, without those packets' framing): the budget is missed + 2 KB each.
   */
  bytesPerReconnect: Spread;
  missedBytesPerReconnect: Spread;
  missedEntriesPerReconnect: Spread;
  /** Bytes beyond the entries missed: received − missed, per reconnect. */
  extraBytesPerReconnect: Spread;
  overByteBudget: number;
  /** Entries missed whose size no client of the worker read (left out of the missed bytes). */
  unknownEntryBytes: number;
  /** Reconnections of clients of the other nodes (drops for another reason). */
  otherReconnects: number;
  examples: string[];
  budget: typeof STORM_BUDGET;
  pass: boolean;
}

/** Exact percentiles of a list (nearest rank). */
function spread(values: number[], scale = 1, digits = 0): Spread {
  if (values.length === 0) return { p50: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! / scale;
  const round = (v: number) => +v.toFixed(digits);
  return { p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1)! / scale) };
}

function reconnectStorm(options: LoadOptions, reports: WorkerReport[], killedAtSeconds: number): ReconnectStorm {
  const storms = reports.flatMap((r) => (r.storm ? [r.storm] : []));
  const all: StormReconnect[] = storms.flatMap((s) => s.reconnects);
  const back = all.filter((r) => r.reconnectMs !== null);
  const caught = all.filter((r) => r.catchUpMs !== null);
  const withinTime = caught.filter((r) => r.catchUpMs! <= STORM_BUDGET.catchUpSeconds * 1000);
  const snapshots = all.filter((r) => r.snapshot);
  const overBytes = all.filter((r) => r.bytes > r.missedBytes + STORM_BUDGET.extraBytes);
  const snapshotsWithinHeldRange = snapshots.filter((r) => r.missedEntries <= STORM_BUDGET.nodeHoldsEntries).length;
  const clientsOfKilled = storms.reduce((n, s) => n + s.clientsOfKilled, 0);
  const everyone = Math.max(clientsOfKilled, all.length);
  return {
    killedNode: options.killNode!,
    killedAtSeconds,
    clientsOfKilled,
    dropped: all.length,
    reconnected: back.length,
    caughtUp: caught.length,
    caughtUpWithinBudget: withinTime.length,
    reconnectSeconds: spread(
      back.map((r) => r.reconnectMs!),
      1000,
      2,
    ),
    catchUpSeconds: spread(
      caught.map((r) => r.catchUpMs!),
      1000,
      2,
    ),
    maxAttempts: Math.max(0, ...all.map((r) => r.attempts)),
    snapshots: snapshots.length,
    snapshotsWithinHeldRange,
    bytesPerReconnect: spread(caught.map((r) => r.bytes)),
    missedBytesPerReconnect: spread(caught.map((r) => r.missedBytes)),
    missedEntriesPerReconnect: spread(caught.map((r) => r.missedEntries)),
    extraBytesPerReconnect: spread(caught.map((r) => r.bytes - r.missedBytes)),
    overByteBudget: overBytes.length,
    unknownEntryBytes: all.reduce((n, r) => n + r.unknownBytes, 0),
    otherReconnects: storms.reduce((n, s) => n + s.otherReconnects, 0),
    examples: storms.flatMap((s) => s.examples).slice(0, 5),
    budget: STORM_BUDGET,
    pass: everyone > 0 && withinTime.length === everyone && overBytes.length === 0 && snapshotsWithinHeldRange === 0,
  };
}

/** Children still running, killed if the coordinator exits early. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

class Workers {
  private readonly listeners = new Set<(message: FromWorker) => void>();
  readonly procs: ChildProcess[] = [];

  constructor(count: number, profileDir: string | null) {
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'workers')}`] : [];
    for (let i = 0; i < count; i++) {
      const child = fork(WORKER_FILE, [], {
        execArgv: [...profile, '--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      child.on('message', (message: FromWorker) => {
        if (message.type === 'error') console.error(`  worker ${message.workerId}: ${message.message}`);
        for (const listener of [...this.listeners]) listener(message);
      });
      this.procs.push(child);
    }
  }

  send(worker: number, message: ToWorker): void {
    this.procs[worker]!.send(message);
  }

  broadcast(message: ToWorker): void {
    for (const child of this.procs) child.send(message);
  }

  on(listener: (message: FromWorker) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One message of `type` from every worker, within `timeoutMs`. */
  collect<T extends FromWorker>(type: T['type'], timeoutMs: number): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const got: T[] = [];
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for "${type}" from ${this.procs.length - got.length} worker(s)`));
      }, timeoutMs);
      const off = this.on((message) => {
        if (message.type !== type) return;
        got.push(message as T);
        if (got.length === this.procs.length) {
          clearTimeout(timer);
          off();
          resolve(got);
        }
      });
    });
  }

  next<T extends FromWorker>(test: (message: FromWorker) => message is T, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((message) => {
        if (message.type === 'error') {
          clearTimeout(timer);
          off();
          reject(new Error(message.message));
        } else if (test(message)) {
          clearTimeout(timer);
          off();
          resolve(message);
        }
      });
    });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.send({ type: 'exit' } satisfies ToWorker);
          }),
      ),
    );
  }
}

function people(options: LoadOptions, target: Target, random: () => number): PersonSpec[] {
  const specs: PersonSpec[] = [];
  // The roster first (moderator, welcome speaker, panelists): worker 0 holds them and runs the script.
  for (const id of ROSTER_IDS) {
    const person = DEFAULT_TEMPLATE.people.find((p) => p.key === id)!;
    const token = target.kind === 'gavel' ? target.tokens.get(id) : `floor-${id}`;
    if (!token) throw new Error(`no invite token for ${id}`);
    specs.push({
      index: specs.length,
      name: person.name,
      community: person.community,
      region: person.region,
      country: person.country,
      organisation: person.organisation,
      token,
      rosterId: id,
      role: person.role === 'moderator' ? 'moderator' : 'speaker',
      node: 0,
      joinOffsetMs: 0,
      replica: id === 'kemo-camara',
    });
  }
  const windowMs = options.joinSeconds * 1000;
  const replicaEvery = options.replicas > 0 ? Math.max(1, Math.floor(options.clients / options.replicas)) : Infinity;
  for (let i = 0; i < options.clients; i++) {
    const region = REGIONS[Math.floor(random() * REGIONS.length)]!;
    const countries = COUNTRIES[region];
    specs.push({
      index: specs.length,
      name: `Participant ${i + 1}`,
      community: `${countries[i % countries.length]} diaspora in ${COUNTRIES.europe[i % 7]}`,
      region,
      country: countries[Math.floor(random() * countries.length)]!,
      organisation: i % 3 === 0 ? `Association ${i % 97}` : '',
      role: 'participant',
      node: 0,
      // A steady arrival rate over the window, with a little jitter.
      joinOffsetMs: Math.min(windowMs, ((i + random()) / options.clients) * windowMs),
      replica: i % replicaEvery === replicaEvery - 1 && i / replicaEvery < options.replicas,
    });
  }
  return specs;
}

/** Four segments in the seed's proportions (10, 50, 40 and 20 minutes). */
function segmentSeconds(duration: number): [number, number, number, number] {
  const unit = duration / 120;
  return [10 * unit, 50 * unit, 40 * unit, 20 * unit];
}

async function captureSnapshot(target: Target): Promise<unknown> {
  if (!target.stageToken) return null;
  const socket = io(target.urls[0]!, { auth: { token: target.stageToken }, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no snapshot for the stage')), 30_000);
      socket.once('snapshot', (snapshot: { state: unknown }) => {
        clearTimeout(timer);
        resolve(snapshot.state);
      });
      socket.once('connect_error', reject);
    });
  } finally {
    socket.close();
  }
}

function mergeDrops(reports: WorkerReport[], startAt: number): TargetResult['drops'] {
  const reasons: Record<string, number> = {};
  let first: number | null = null;
  let last: number | null = null;
  for (const { drops } of reports) {
    for (const [reason, n] of Object.entries(drops.reasons)) reasons[reason] = (reasons[reason] ?? 0) + n;
    if (drops.first !== null) first = Math.min(first ?? Infinity, drops.first);
    if (drops.last !== null) last = Math.max(last ?? -Infinity, drops.last);
  }
  const seconds = (at: number | null) => (at === null ? null : +((at - startAt) / 1000).toFixed(1));
  return { reasons, firstSeconds: seconds(first), lastSeconds: seconds(last) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runTarget(
  options: LoadOptions,
  kind: TargetKind,
  floorSnapshot: string | undefined,
  log: (line: string) => void,
): Promise<{ result: TargetResult; snapshotState: unknown }> {
  const random = prng(options.seed);
  const nodeArgs = options.profileDir ? `--cpu-prof --cpu-prof-dir=${join(options.profileDir, kind)}` : '';
  const target =
    kind === 'gavel'
      ? await startGavel({ nodes: options.nodes, nodeArgs })
      : await startFloor({ nodes: options.nodes, nodeArgs, snapshotFile: floorSnapshot, unbatched: options.floorUnbatched });
  // One more worker holds the probe clients: a lightly loaded process, see `probes` in options.ts.
  const probeWorker = options.probes > 0 ? options.workers : null;
  const workerCount = options.workers + (probeWorker === null ? 0 : 1);
  const workers = new Workers(workerCount, options.profileDir);
  try {
    if (options.pin) {
      pinToCpu([...target.pids, ...(target.redisPid ? [target.redisPid] : [])], CPUS.servers);
      pinToCpu([process.pid, ...workers.procs.map((child) => child.pid!)], CPUS.clients);
    }
    const machineBefore = machineLoad();
    const specs = people(options, target, random);
    const firstProbe = ROSTER_IDS.length;
    const workerOf = (index: number) =>
      index < ROSTER_IDS.length ? 0 : probeWorker !== null && index < firstProbe + options.probes ? probeWorker : index % options.workers;
    // Each worker's people over the nodes in turn, so that every worker has clients on every
    // node (person i on node i mod nodes would put all of a worker's people on one node
    // whenever the workers and the nodes are as many: a killed node would take a whole worker).
    const placed = new Array<number>(workerCount).fill(0);
    for (const spec of specs) {
      const w = workerOf(spec.index);
      spec.node = placed[w]! % target.urls.length;
      placed[w] = placed[w]! + 1;
    }
    const share = (w: number) => specs.filter((s) => workerOf(s.index) === w);
    await sleep(1_000);
    await target.collectGarbage();
    let rssBefore = totalRssBytes(target.pids);
    let heapBefore = await target.heapUsedBytes();

    // The join storm.
    let joinStartAt = Date.now() + 1_500;
    const plan = { segmentsSeconds: segmentSeconds(options.duration), plenaryTurns: options.plenaryTurns };
    for (let w = 0; w < workerCount; w++) {
      workers.send(w, {
        type: 'init',
        workerId: w,
        target: kind,
        urls: target.urls,
        eventId: target.eventId,
        people: share(w),
        joinStartAt,
        joinTimeoutMs: JOIN_TIMEOUT_MS,
        director: w === 0 ? plan : null,
        registerAhead: options.registerAhead,
        participants: w === probeWorker ? 'full' : options.participants,
        reconnect: options.killNode !== null,
      });
    }
    let cpuJoinStart = totalCpuMs(target.pids);
    if (options.registerAhead) {
      log(`${kind}: ${options.clients} participants register ahead of the event`);
      const registered = await workers.collect<RegisteredMessage>('registered', 30 * 60_000);
      const failures = registered.flatMap((r) => r.errors);
      log(`${kind}: registered${failures.length ? `; failures: ${failures.join('; ')}` : ''}`);
      await target.collectGarbage();
      rssBefore = totalRssBytes(target.pids);
      heapBefore = await target.heapUsedBytes();
      cpuJoinStart = totalCpuMs(target.pids);
      joinStartAt = Date.now() + 1_500;
      workers.broadcast({ type: 'storm', joinStartAt });
    }
    log(
      `${kind}: join storm, ${options.clients} participants over ${options.joinSeconds} s, ${options.workers} workers${probeWorker === null ? '' : ` + ${options.probes} probe clients`}${options.registerAhead ? ', registered ahead' : ''}`,
    );
    // Registration and the join each give up after JOIN_TIMEOUT_MS; a slow storm may run well past its window.
    const joined = await workers.collect<JoinedMessage>('joined', 1_500 + options.joinSeconds * 1000 + 2 * JOIN_TIMEOUT_MS + 180_000);
    const joinWall = (Date.now() - joinStartAt) / 1000;
    const joinedCount = joined.reduce((n, j) => n + j.joined, 0);
    const joinFailures = joined.flatMap((j) => j.errors);
    log(
      `${kind}: ${joinedCount} of ${specs.length} clients joined in ${joinWall.toFixed(1)} s${joinFailures.length ? `; failures: ${joinFailures.join('; ')}` : ''}`,
    );
    await sleep(2_000);
    const cpuJoin = totalCpuMs(target.pids) - cpuJoinStart;
    await target.collectGarbage();
    const rssAfterJoin = totalRssBytes(target.pids);
    const heapAfterJoin = await target.heapUsedBytes();
    const snapshotState = kind === 'gavel' ? await captureSnapshot(target) : null;
    const baseSeq = Math.max(...joined.map((j) => j.maxAppliedSeq));

    // The scenario.
    const startAt = Date.now() + 1_000;
    const participants = specs.filter((s) => !s.rosterId);
    const chatCount = Math.round(options.chatRate * options.duration);
    const chat: Array<Array<[number, number]>> = Array.from({ length: workerCount }, () => []);
    for (let i = 0; i < chatCount && participants.length > 0; i++) {
      const sender = participants[Math.floor(random() * participants.length)]!;
      chat[workerOf(sender.index)]!.push([((i + random()) / options.chatRate) * 1000, sender.index]);
    }
    // A killed node's CPU stays what it was last read (just before the kill).
    const lastCpu = new Map<number, number>();
    const serverCpuMs = () =>
      target.pids.reduce((sum, pid) => {
        try {
          lastCpu.set(pid, cpuMs(pid));
        } catch {
          // gone: its last reading
        }
        return sum + (lastCpu.get(pid) ?? 0);
      }, 0);
    const cpuStart = serverCpuMs();
    const redisCpuStart = target.redisPid ? cpuMs(target.redisPid) : 0;
    log(`${kind}: scenario, ${options.duration} s, ${chatCount} chat messages, ${Math.ceil(options.hands * participants.length)} hands per plenary`);
    for (let w = 0; w < workerCount; w++) workers.send(w, { type: 'scenario', startAt, baseSeq, chat: chat[w]! });
    // The reconnect storm: the node dies without a word, its clients find another.
    let killedAtSeconds = NaN;
    const killing =
      options.killNode === null
        ? Promise.resolve()
        : sleep(startAt + options.killAt * 1000 - Date.now()).then(async () => {
            const index = options.killNode!;
            serverCpuMs();
            const killed = target.kill(index);
            const at = Date.now();
            killedAtSeconds = +((at - startAt) / 1000).toFixed(1);
            workers.broadcast({ type: 'killed', url: target.urls[index]!, at });
            log(`${kind}: node ${index} killed (SIGKILL) ${killedAtSeconds} s into the scenario`);
            await killed;
          });
    const offFloor = workers.on((message) => {
      if (message.type !== 'director' || message.event !== 'floorOpen') return;
      const count = Math.ceil(options.hands * participants.length);
      const pool = [...participants];
      const hands: Array<Array<[number, number]>> = Array.from({ length: workerCount }, () => []);
      for (let i = 0; i < count && pool.length > 0; i++) {
        const [person] = pool.splice(Math.floor(random() * pool.length), 1);
        hands[workerOf(person!.index)]!.push([random() * 2_000, person!.index]);
      }
      for (let w = 0; w < workerCount; w++) workers.send(w, { type: 'raise', openedAt: message.at, hands: hands[w]! });
    });
    const done = await workers.next((m): m is DirectorEvent => m.type === 'director' && m.event === 'done', (options.duration + 240) * 1000);
    offFloor();
    await killing;
    workers.broadcast({ type: 'quiesce' });
    const quiet = await workers.collect<QuietMessage>('quiet', 60_000);
    const stamps = done.stamps ?? [];
    const finalSeq = Math.max(...quiet.map((q) => q.maxAckedSeq), ...stamps.map(([seq]) => seq));
    workers.broadcast({ type: 'finish', finalSeq, stamps, timeoutMs: 60_000 });
    const reports = await workers.collect<WorkerReport>('report', 120_000);
    const drainedAt = Math.max(...reports.map((r) => r.drainedAt));
    const cpuScenario = serverCpuMs() - cpuStart;
    const redisCpu = target.redisPid ? cpuMs(target.redisPid) - redisCpuStart : null;
    const scenarioSeconds = (drainedAt - startAt) / 1000;
    const machineAfter = machineLoad();

    const merged = (pick: (r: WorkerReport) => Parameters<Histogram['merge']>[0]) => reports.reduce((h, r) => h.merge(pick(r)), new Histogram()).summary();
    const sum = (pick: (r: WorkerReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
    const commands: CommandCounts = { sent: 0, ok: 0, refused: {}, timedOut: 0 };
    for (const r of reports) {
      commands.sent += r.commands.sent;
      commands.ok += r.commands.ok;
      commands.timedOut += r.commands.timedOut;
      for (const [code, n] of Object.entries(r.commands.refused)) commands.refused[code] = (commands.refused[code] ?? 0) + n;
    }
    const digests = reports.flatMap((r) => r.replicaDigests);
    const deliveries = {
      total: sum((r) => r.deliveries.total),
      scenario: sum((r) => r.deliveries.scenario),
      registration: sum((r) => r.deliveries.registration),
    };
    const clients = sum((r) => r.clients);
    const packets = sum((r) => r.packetsScenario);
    const bulk = (pick: (r: WorkerReport) => number) => (r: WorkerReport) => (r.workerId === probeWorker ? 0 : pick(r));
    const kb = (bytes: number) => +(bytes / 1024 / options.clients).toFixed(1);
    const result: TargetResult = {
      target: kind,
      nodes: options.nodes,
      participants: options.clients,
      clients: specs.length,
      joined: joinedCount,
      joinFailures,
      join: { registerMs: merged((r) => r.register), joinMs: merged((r) => r.join), windowSeconds: options.joinSeconds, wallSeconds: +joinWall.toFixed(1) },
      probeLatencyMs: probeWorker === null ? null : Histogram.from(reports.find((r) => r.workerId === probeWorker)!.latency.all).summary(),
      latencyMs: Object.fromEntries(
        ['all', ...DELIVERY_KINDS.filter((k) => k !== 'registration')].map((k) => [k, merged((r) => r.latency[k as keyof WorkerReport['latency']])]),
      ),
      ackMs: merged((r) => r.ack),
      deliveries,
      missed: sum((r) => r.missed),
      doubled: sum((r) => r.doubled),
      outOfOrder: sum((r) => r.outOfOrder),
      clientsShort: sum((r) => r.clientsShort),
      shortClients: reports.flatMap((r) => r.shortClients),
      drops: mergeDrops(reports, startAt),
      disconnects: sum((r) => r.disconnects),
      connectedAtEnd: sum((r) => r.connectedAtEnd),
      commands,
      directorRefusals: done.refusals ?? [],
      finalSeq,
      scenarioSeconds: +scenarioSeconds.toFixed(1),
      server: {
        cpuMsJoin: Math.round(cpuJoin),
        cpuMsScenario: Math.round(cpuScenario),
        cpuUsPerDelivery: +((cpuScenario * 1000) / Math.max(1, deliveries.scenario)).toFixed(3),
        redisCpuMsScenario: redisCpu === null ? null : Math.round(redisCpu),
        rssBeforeMb: +(rssBefore / 1e6).toFixed(1),
        rssAfterJoinMb: +(rssAfterJoin / 1e6).toFixed(1),
        rssPerParticipantKb: kb(rssAfterJoin - rssBefore),
        heapBeforeMb: +(heapBefore / 1e6).toFixed(1),
        heapAfterJoinMb: +(heapAfterJoin / 1e6).toFixed(1),
        heapPerParticipantKb: kb(heapAfterJoin - heapBefore),
      },
      bytesPerClientPerMinute: Math.round(sum((r) => r.bytes.scenario) / Math.max(1, clients) / (scenarioSeconds / 60)),
      joinBytesPerClient: Math.round(sum((r) => r.bytes.join) / Math.max(1, clients)),
      snapshotBytes: Math.max(...joined.map((j) => j.snapshotBytes)),
      replicas: { count: digests.length, agree: digests.length > 0 && digests.every((d) => d === digests[0]) },
      workersCpuMs: Math.round(sum((r) => r.cpuMs)),
      clientPackets: {
        perClientPerSecond: +(packets / Math.max(1, clients) / scenarioSeconds).toFixed(1),
        workerCpuUsPerPacket: +((sum((r) => r.cpuMsScenario) * 1000) / Math.max(1, packets)).toFixed(1),
        bulkWorkerCpuUsPerPacket: +((sum(bulk((r) => r.cpuMsScenario)) * 1000) / Math.max(1, sum(bulk((r) => r.packetsScenario)))).toFixed(1),
        workerCpuUsPerDelivery: +((sum((r) => r.cpuMsScenario) * 1000) / Math.max(1, deliveries.scenario)).toFixed(2),
        nodeCpuUsPerPacket: +((cpuScenario * 1000) / Math.max(1, packets)).toFixed(1),
        workerCores: +(sum((r) => r.cpuMsScenario) / 1000 / scenarioSeconds).toFixed(2),
      },
      cpus: options.pin ? CPUS : null,
      reconnectStorm: options.killNode === null ? null : reconnectStorm(options, reports, killedAtSeconds),
      machine: { before: machineBefore, after: machineAfter },
    };
    const storm = result.reconnectStorm;
    if (storm) {
      log(
        `${kind}: reconnect storm: ${storm.caughtUp} of ${storm.clientsOfKilled} caught up, ${storm.catchUpSeconds.p50} / ${storm.catchUpSeconds.p99} / ${storm.catchUpSeconds.max} s, ${storm.snapshots} snapshots, ${storm.bytesPerReconnect.p99} bytes p99 for ${storm.missedBytesPerReconnect.p99} missed: ${storm.pass ? 'PASS' : 'FAIL'}`,
      );
    }
    log(
      `${kind}: p99 ${result.latencyMs.all!.p99} ms, missed ${result.missed}, doubled ${result.doubled}, ${result.server.cpuUsPerDelivery} µs CPU per delivery`,
    );
    return { result, snapshotState };
  } finally {
    await workers.stop();
    await target.stop();
  }
}

export async function runLoadBench(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const options = parseLoadOptions(argv);
  const log = (line: string) => console.log(`  [load] ${line}`);
  log(`machine before: load ${machineLoad().loadavg1m} (1 min)`);
  const results: Partial<Record<TargetKind, TargetResult>> = {};
  let floorSnapshot: { file: string; remove(): void } | null = null;
  try {
    for (const kind of options.targets) {
      const { result, snapshotState } = await runTarget(options, kind, floorSnapshot?.file, log);
      results[kind] = result;
      if (snapshotState && !floorSnapshot) floorSnapshot = snapshotFile(snapshotState);
    }
  } finally {
    floorSnapshot?.remove();
  }
  const gavel = results.gavel;
  const floor = results.floor;
  const ratios =
    gavel && floor
      ? {
          p99: +(gavel.latencyMs.all!.p99 / floor.latencyMs.all!.p99).toFixed(2),
          cpuPerDelivery: +(gavel.server.cpuUsPerDelivery / floor.server.cpuUsPerDelivery).toFixed(2),
        }
      : null;
  const output = { options, gavel, floor, ratios };
  console.log(`\n${loadTable(output)}`);
  const dir = join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `load-${options.clients}-${options.nodes}node${options.participants === 'full' ? '-full' : ''}${options.killNode === null ? '' : '-storm'}.json`,
  );
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...output }, null, 2)}\n`);
  log(`written to ${file}`);
  return output;
}

// Runs alone too: `npx tsx bench/load/index.ts --clients 300`.
if (import.meta.filename === process.argv[1]) await runLoadBench(process.argv.slice(2));
