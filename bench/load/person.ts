/**
 * What every simulated person of the load benchmark shares, whatever its socket: the worker's
 * `Recorder` (histograms and the per-seq facts read once), registration, and the in-order seq
 * accounting that finds missed and doubled entries.
 *
 * What "applied" means here: an entry is applied when the client holds it and every entry
 * before it (in-order seq accounting, as `EventReplica` does); its latency is measured at
 * that moment. Running the real reducer in thousands of simulated clients would measure
 * this machine's clients, not the server, so only a few clients (`replica`) keep a real
 * `EventReplica`, and their final states must agree.
 */
import { Agent, request } from 'node:http';
import type { Histogram } from './histogram.ts';
import type { CommandCounts, PersonSpec, TargetKind } from './messages.ts';
import { type DeliveryKind, kindOf, now, type Stamp, stampOf, type WireEntry } from './stamp.ts';

export const ACK_TIMEOUT_MS = 30_000;
const httpAgent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface Ack {
  ok: boolean;
  seq?: number;
  error?: { code: string; message: string };
}

/** What the benchmark reads of an entry: its kind and, for chat and hands, its stamp. */
export interface EntryFacts {
  kind: DeliveryKind;
  stamp: Stamp | null;
}

export function factsOf(entry: WireEntry): EntryFacts {
  return { kind: kindOf(entry), stamp: stampOf(entry) };
}

/** What every client of a worker shares: the histograms and the per-seq facts parsed once. */
export class Recorder {
  readonly kinds = new Map<number, EntryFacts>();
  /** Receipts of entries without a text stamp, matched to their emit time after the run. */
  readonly unstamped = new Map<number, { at: number[]; client: number[] }>();
  deliveries = { total: 0, scenario: 0, registration: 0 };
  /** Deliveries with a seq above this are the measured phase. */
  baseSeq = Infinity;
  inScenario = false;
  readonly commands: CommandCounts = { sent: 0, ok: 0, refused: {}, timedOut: 0 };
  inFlight = 0;
  maxAckedSeq = 0;
  /**
   * The highest seq any client of this worker applied: where the clients that stayed connected
   * stand, the head a reconnecting client must reach to be caught up (the reconnect storm).
   */
  head = 0;
  /**
   * Bytes of each entry as the node serialized it in an `entries` packet (from its `{"seq":`
   * to the next entry's), read by the first client of the worker to receive it: what a client
   * that missed the entry would have received of it had it stayed connected.
   */
  readonly entryBytes = new Map<number, number>();

  constructor(
    readonly latency: Record<DeliveryKind | 'all', Histogram>,
    readonly ack: Histogram,
  ) {}

  /** Keep what an entry is, once per seq for the whole worker. */
  learn(entry: WireEntry): void {
    if (!this.kinds.has(entry.seq)) this.kinds.set(entry.seq, factsOf(entry));
  }

  /** `client` applied `seq` (learnt before) at `at`. */
  applied(seq: number, client: number, at: number): void {
    this.deliveries.total++;
    if (seq > this.head) this.head = seq;
    const facts = this.kinds.get(seq);
    if (!facts) throw new Error(`seq ${seq} was applied before anything was read of it`);
    if (facts.kind === 'registration') {
      this.deliveries.registration++;
      return;
    }
    if (seq > this.baseSeq) this.deliveries.scenario++;
    if (facts.stamp) {
      if (facts.stamp.sender === client) return; // "every other client"
      const ms = at - facts.stamp.emitAt;
      this.latency[facts.kind].record(ms);
      this.latency.all.record(ms);
      return;
    }
    let receipts = this.unstamped.get(seq);
    if (!receipts) {
      receipts = { at: [], client: [] };
      this.unstamped.set(seq, receipts);
    }
    receipts.at.push(at);
    receipts.client.push(client);
  }

  /** Count a command's answer; a timeout or a disconnection is `null` with the reason's code. */
  answered(ack: Ack, emitAt: number, failure: 'timeout' | 'disconnected' | null): void {
    this.inFlight--;
    if (failure === 'timeout') {
      this.commands.timedOut++;
      return;
    }
    if (failure === 'disconnected') {
      this.commands.refused.disconnected = (this.commands.refused.disconnected ?? 0) + 1;
      return;
    }
    this.ack.record(now() - emitAt);
    if (ack.ok) {
      this.commands.ok++;
      this.maxAckedSeq = Math.max(this.maxAckedSeq, ack.seq ?? 0);
    } else {
      const code = ack.error?.code ?? 'unknown';
      this.commands.refused[code] = (this.commands.refused[code] ?? 0) + 1;
    }
  }
}

function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: httpAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0, json: text });
          }
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('registration timed out')));
    req.end(data);
  });
}

/**
 * A kept-alive connection the server has just closed for idleness fails as "socket hang up"
 * or ECONNRESET before the server read the request: send it again, as a browser does.
 */
async function postRetrying(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post(url, body);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 3 || !(code === 'ECONNRESET' || (err as Error).message === 'socket hang up')) throw err;
    }
  }
}

/** Bytes of one WebSocket frame carrying `length` bytes: the header, then the payload. */
export function frameBytes(length: number): number {
  return length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
}

export interface JoinTimings {
  register: Histogram;
  join: Histogram;
}

/**
 * One reconnection after the node dropped a person (the reconnect storm: its node was
 * killed). Times are epoch ms; the bytes are every WebSocket frame received on the new
 * connections (failed attempts included) from the first until caught up: the Engine.IO open
 * packet, the connect ack, the catch-up (entries or a snapshot) and any live packet before the
 * person stood at the head.
 */
export interface Reconnection {
  /** The node that dropped it. */
  fromUrl: string;
  droppedAt: number;
  /** Its applied seq when it dropped: the `sinceSeq` of its handshake. */
  fromSeq: number;
  attempts: number;
  /** The node it got back in to, and when the handshake was accepted (`40`). */
  url: string | null;
  reconnectedAt: number | null;
  /**
   * When it first stood at the worker's head (`Recorder.head`: the highest seq a client of the
   * same worker had applied) on the new connection, and that seq.
   */
  caughtUpAt: number | null;
  caughtUpSeq: number;
  bytes: number;
  /** It started over from a snapshot instead of getting the entries it missed. */
  snapshot: boolean;
  /** That snapshot's seq: below `fromSeq`, the node it reached stood behind the one it lost (RC1: a claim ahead of the node). */
  snapshotSeq: number | null;
}

/** Where a dropped person reconnects, and when (set by the worker for the reconnect storm). */
export interface RejoinPolicy {
  /** The node to try next, `lost` being the one that just dropped it (or refused it). */
  nextUrl(lost: string): string;
  /** Resolves when attempt `attempt` (1, 2, …) may go. */
  wait(attempt: number): Promise<void>;
}

/**
 * The delay before reconnection attempt `attempt`, as the real client waits
 * (client/src/connection.ts: socket.io-client's backoff with `reconnectionDelay: 500`,
 * `reconnectionDelayMax: 5000` and the default randomization of 0.5): 250–750 ms before the
 * first, then twice as long each attempt, at most 5 s ± half.
 */
export function clientBackoffMs(attempt: number, random = Math.random): number {
  return Math.min(500 * 2 ** (attempt - 1), 5_000) * (0.5 + random());
}

/**
 * As a load balancer in front of the nodes would send a dropped person: round-robin over the
 * nodes other than the one that dropped it and those known `dead`, after `wait`.
 */
export function roundRobinRejoin(urls: () => readonly string[], dead: ReadonlySet<string>, wait: (attempt: number) => Promise<void>): RejoinPolicy {
  let next = 0;
  return {
    nextUrl(lost) {
      const others = urls().filter((url) => url !== lost);
      const live = others.filter((url) => !dead.has(url));
      const pool = live.length > 0 ? live : others.length > 0 ? others : [lost];
      return pool[next++ % pool.length]!;
    },
    wait,
  };
}

/**
 * What a reconnection had to get to be caught up: the entries from its seq when it dropped to
 * the seq it caught up at (or, never caught up, to where it stands: `applied`), and their bytes
 * as the clients that stayed connected received them (`Recorder.entryBytes`); `unknown` counts
 * the entries whose bytes no client read.
 */
export function missedBy(recorder: Recorder, r: Reconnection, applied: number): { entries: number; bytes: number; unknown: number } {
  const upTo = r.caughtUpAt === null ? applied : r.caughtUpSeq;
  let bytes = 0;
  let unknown = 0;
  for (let seq = r.fromSeq + 1; seq <= upTo; seq++) {
    const size = recorder.entryBytes.get(seq);
    if (size === undefined) unknown++;
    else bytes += size;
  }
  return { entries: Math.max(0, upTo - r.fromSeq), bytes, unknown };
}

const TIMED_OUT: Ack = { ok: false, error: { code: 'timeout', message: 'operation has timed out' } };
const NOT_CONNECTED: Ack = { ok: false, error: { code: 'disconnected', message: 'not connected' } };

export abstract class SimulatedPerson {
  /** Highest seq applied in order. */
  applied = 0;
  /** Seqs received ahead of a gap, applied when it fills. */
  private readonly pending = new Set<number>();
  joined = false;
  connected = false;
  disconnects = 0;
  /** Why and when (ms since the epoch) the socket dropped, if it did. */
  dropped: { reason: string; at: number } | null = null;
  doubled = 0;
  outOfOrder = 0;
  /** Highest seq received so far (the snapshot's at first): an entry that does not follow it arrived out of order. */
  private highest = 0;
  snapshotSeq = 0;
  bytesJoin = 0;
  bytesScenario = 0;
  /** Engine.IO messages received during the scenario. */
  packetsScenario = 0;
  snapshotBytes = 0;
  protected token: string | undefined;
  /** The node this person is connected (or connecting) to. */
  url = '';
  /** Where to reconnect after a drop; null (the default): a dropped person stays out. */
  rejoin: RejoinPolicy | null = null;
  readonly reconnections: Reconnection[] = [];
  /** The reconnection under way, until caught up. */
  private catchingUp: Reconnection | null = null;
  /** Closed by the benchmark: never reconnect. */
  protected closing = false;

  constructor(
    readonly spec: PersonSpec,
    protected readonly recorder: Recorder,
  ) {}

  /** Register (unless done already), connect, and resolve once the snapshot is applied. */
  abstract join(url: string, eventId: string, target: TargetKind, timeoutMs: number, timings: JoinTimings): Promise<void>;
  /** Emit a command; resolves with the ack (or a timeout, or not connected) and the emit time. */
  send(command: { type: string; payload: unknown }, emitAt = now()): Promise<{ ack: Ack; emitAt: number }> {
    const { recorder } = this;
    recorder.commands.sent++;
    recorder.inFlight++;
    return new Promise((resolve) => {
      const answered = (ack: Ack, failure: 'timeout' | 'disconnected' | null) => {
        recorder.answered(ack, emitAt, failure);
        resolve({ ack, emitAt });
      };
      const emitted = this.connected && this.emitCommand(command, (ack) => (ack ? answered(ack, null) : answered(TIMED_OUT, 'timeout')));
      if (!emitted) answered(NOT_CONNECTED, 'disconnected');
    });
  }

  /** Emit `command` on the socket; `onAck` hears the ack, or null after `ACK_TIMEOUT_MS`. False when there is no socket. */
  protected abstract emitCommand(command: { type: string; payload: unknown }, onAck: (ack: Ack | null) => void): boolean;
  /** Connect again to `url` with `auth` (the handshake of a reconnection: `sinceSeq` included). */
  protected abstract reopen(url: string, auth: object): void;
  abstract close(): void;

  /** The digest of a replica's final state; null for a person who keeps none. */
  digest(): string | null {
    return null;
  }

  /** Register as the browser's form does (nothing to do for a roster person, who holds an invite token). */
  async register(url: string, eventId: string, timings: { register: Histogram }): Promise<void> {
    const { spec } = this;
    this.token ??= spec.token;
    if (this.token) return;
    const started = now();
    const form = {
      name: spec.name,
      community: spec.community,
      region: spec.region,
      country: spec.country,
      organisation: spec.organisation,
      consentToBeNamed: spec.index % 5 !== 0,
    };
    const res = await postRetrying(`${url}/api/events/${eventId}/register`, form);
    if (res.status !== 201) throw new Error(`registration: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
    this.token = (res.json as { token: string }).token;
    timings.register.record(now() - started);
  }

  /** The auth of the handshake, as the real client sends it (the floor takes a profile instead of a registration). */
  protected handshakeAuth(target: TargetKind): { token: string | undefined; profile?: object } {
    const { spec } = this;
    if (target !== 'floor') return { token: this.token };
    const profile = {
      id: spec.rosterId ?? `bench-${spec.index}`,
      role: spec.role,
      name: spec.name,
      community: spec.community,
      region: spec.region,
      country: spec.country,
    };
    return { token: this.token, profile };
  }

  /** Count one Engine.IO packet of `length` bytes, to the join or to the scenario. */
  protected countPacket(length: number, isMessage: boolean): void {
    const bytes = frameBytes(length);
    if (this.catchingUp) this.catchingUp.bytes += bytes;
    if (this.recorder.inScenario) {
      this.bytesScenario += bytes;
      if (isMessage) this.packetsScenario++;
    } else this.bytesJoin += bytes;
  }

  protected startFrom(snapshotSeq: number): void {
    // Entries broadcast after the join but before this snapshot cannot exist (the server
    // joins the room and sends the snapshot in one go), so anything pending is after it.
    this.applied = snapshotSeq;
    this.snapshotSeq = snapshotSeq;
    this.highest = Math.max(this.highest, snapshotSeq);
    for (const seq of [...this.pending]) if (seq <= snapshotSeq) this.pending.delete(seq);
    const at = now();
    this.drain(at);
    const reconnection = this.joined ? this.reconnections.at(-1) : undefined;
    if (reconnection) {
      reconnection.snapshot = true;
      reconnection.snapshotSeq = snapshotSeq;
    }
    this.checkCaughtUp(at);
  }

  /** The seqs of one `entries` packet, in its order; each one learnt by the recorder before. */
  protected receiveSeqs(seqs: readonly number[], at: number): void {
    for (const seq of seqs) {
      if (seq <= this.applied || this.pending.has(seq)) {
        this.doubled++;
        continue;
      }
      if (seq !== this.highest + 1) this.outOfOrder++;
      this.highest = Math.max(this.highest, seq);
      if (seq === this.applied + 1 && this.pending.size === 0) {
        this.applied = seq;
        this.recorder.applied(seq, this.spec.index, at);
      } else this.pending.add(seq);
    }
    this.drain(at);
    this.checkCaughtUp(at);
  }

  private drain(at: number): void {
    while (this.pending.delete(this.applied + 1)) {
      this.applied++;
      this.recorder.applied(this.applied, this.spec.index, at);
    }
  }

  protected lost(reason: string): void {
    const at = now();
    if (this.connected) {
      this.disconnects++;
      this.dropped ??= { reason, at };
    }
    const wasConnected = this.connected;
    this.connected = false;
    if (this.closing || !this.rejoin || !this.joined) return;
    if (wasConnected) {
      // A drop from a connection that was up: a new reconnection (one still catching up ends here, not caught up).
      this.catchingUp = {
        fromUrl: this.url,
        droppedAt: at,
        fromSeq: this.applied,
        attempts: 0,
        url: null,
        reconnectedAt: null,
        caughtUpAt: null,
        caughtUpSeq: 0,
        bytes: 0,
        snapshot: false,
        snapshotSeq: null,
      };
      this.reconnections.push(this.catchingUp);
    }
    const record = this.catchingUp;
    if (!record) return;
    const url = this.rejoin.nextUrl(this.url);
    void this.rejoin.wait(record.attempts + 1).then(() => {
      if (this.closing) return;
      record.attempts++;
      this.url = url;
      this.reopen(url, { ...this.handshakeAuth(this.target), sinceSeq: this.applied });
    });
  }

  /** What the node said when this person joined: a reconnection speaks to the same kind of server. */
  protected target: TargetKind = 'gavel';

  /** The node accepted a reconnection's handshake. */
  protected reconnected(): void {
    this.connected = true;
    const record = this.catchingUp;
    if (!record) return;
    record.url = this.url;
    record.reconnectedAt = now();
    // Nothing missed: the node sends no catch-up (RC1), and this person is already where the others are.
    this.checkCaughtUp(record.reconnectedAt);
  }

  /** A reconnection is over once the person stands where the clients that stayed connected stand. */
  private checkCaughtUp(at: number): void {
    const record = this.catchingUp;
    if (!record || record.reconnectedAt === null || this.applied < this.recorder.head) return;
    record.caughtUpAt = at;
    record.caughtUpSeq = this.applied;
    this.catchingUp = null;
  }

  /** Stop for good: no reconnection after this. */
  protected stopRejoining(): void {
    this.closing = true;
  }

  /** Up to `finalSeq`: seqs this client never received, and seqs received but stuck behind a gap. */
  shortfall(finalSeq: number): { missed: number; stuck: number } {
    let stuck = 0;
    for (const seq of this.pending) if (seq <= finalSeq) stuck++;
    return { missed: Math.max(0, finalSeq - this.applied - stuck), stuck };
  }

  /** For the report of a client that did not get everything: where it stands. */
  describe(): string {
    const waiting = [...this.pending].sort((a, b) => a - b);
    return `${this.spec.rosterId ?? this.spec.index}: snapshot ${this.snapshotSeq}, applied ${this.applied}, ${waiting.length} waiting from ${waiting[0] ?? '-'}, connected ${this.connected}`;
  }
}
