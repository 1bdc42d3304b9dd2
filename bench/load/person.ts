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
    this.drain(now());
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
  }

  private drain(at: number): void {
    while (this.pending.delete(this.applied + 1)) {
      this.applied++;
      this.recorder.applied(this.applied, this.spec.index, at);
    }
  }

  protected lost(reason: string): void {
    if (this.connected) {
      this.disconnects++;
      this.dropped ??= { reason, at: now() };
    }
    this.connected = false;
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
