/**
 * One simulated person: a plain socket.io-client socket (websocket transport) that
 * registers and joins as the browser does, then keeps count of every entry in seq order.
 *
 * What "applied" means here: an entry is applied when the client holds it and every entry
 * before it (in-order seq accounting, as `EventReplica` does); its latency is measured at
 * that moment. Running the real reducer in thousands of simulated clients would measure
 * this machine's clients, not the server, so only a few clients (`replica`) keep a real
 * `EventReplica`, and their final states must agree.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import type { Entry, ServerMessage } from '../../shared/protocol.ts';
import { EventReplica } from '../../shared/replica.ts';
import { unpackState } from '../../shared/wire.ts';
import type { Histogram } from './histogram.ts';
import type { CommandCounts, PersonSpec, TargetKind } from './messages.ts';
import { type DeliveryKind, kindOf, now, type Stamp, stampOf, type WireEntry } from './stamp.ts';

const ACK_TIMEOUT_MS = 30_000;
const httpAgent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface Ack {
  ok: boolean;
  seq?: number;
  error?: { code: string; message: string };
}

/** What every client of a worker shares: the histograms and the per-seq facts parsed once. */
export class Recorder {
  readonly kinds = new Map<number, { kind: DeliveryKind; stamp: Stamp | null }>();
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

  applied(entry: WireEntry, client: Participant, at: number): void {
    this.deliveries.total++;
    let facts = this.kinds.get(entry.seq);
    if (!facts) {
      facts = { kind: kindOf(entry), stamp: stampOf(entry) };
      this.kinds.set(entry.seq, facts);
    }
    if (facts.kind === 'registration') {
      this.deliveries.registration++;
      return;
    }
    if (entry.seq > this.baseSeq) this.deliveries.scenario++;
    if (facts.stamp) {
      if (facts.stamp.sender === client.spec.index) return; // "every other client"
      const ms = at - facts.stamp.emitAt;
      this.latency[facts.kind].record(ms);
      this.latency.all.record(ms);
      return;
    }
    let receipts = this.unstamped.get(entry.seq);
    if (!receipts) {
      receipts = { at: [], client: [] };
      this.unstamped.set(entry.seq, receipts);
    }
    receipts.at.push(at);
    receipts.client.push(client.spec.index);
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

/** Bytes of one Engine.IO packet on the wire: the WebSocket frame header, the type character, the data. */
function frameBytes(packet: { data?: unknown }): number {
  const data = packet.data;
  const length = 1 + (typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0);
  return length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
}

export class Participant {
  socket: Socket | null = null;
  /** Highest seq applied in order. */
  applied = 0;
  private readonly pending = new Map<number, WireEntry>();
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
  /** `entries` packets (Engine.IO messages) received during the scenario. */
  packetsScenario = 0;
  snapshotBytes = 0;
  replica: EventReplica | null = null;

  constructor(
    readonly spec: PersonSpec,
    private readonly recorder: Recorder,
  ) {}

  private token: string | undefined;

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

  /** Register (unless done already), connect, and resolve once the snapshot is applied. */
  async join(url: string, eventId: string, target: TargetKind, timeoutMs: number, timings: { register: Histogram; join: Histogram }): Promise<void> {
    const { spec } = this;
    const profile = {
      id: spec.rosterId ?? `bench-${spec.index}`,
      role: spec.role,
      name: spec.name,
      community: spec.community,
      region: spec.region,
      country: spec.country,
    };
    await this.register(url, eventId, timings);
    const token = this.token;
    const started = now();
    const socket = io(url, {
      auth: { token, profile: target === 'floor' ? profile : undefined },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: timeoutMs,
    });
    this.socket = socket;
    socket.io.on('open', () => {
      socket.io.engine.on('packet', (packet: { data?: unknown }) => {
        const bytes = frameBytes(packet);
        if (this.recorder.inScenario) {
          this.bytesScenario += bytes;
          if ((packet as { type?: string }).type === 'message') this.packetsScenario++;
        } else this.bytesJoin += bytes;
      });
    });
    socket.on('entries', ({ entries }: { entries: WireEntry[] }) => this.receive(entries));
    socket.on('disconnect', (reason) => {
      if (this.connected) {
        this.disconnects++;
        this.dropped ??= { reason, at: now() };
      }
      this.connected = false;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no snapshot in time')), timeoutMs);
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('snapshot', (snapshot: ServerMessage<'snapshot'>) => {
        clearTimeout(timer);
        this.applySnapshot(snapshot, target);
        this.connected = true;
        this.joined = true;
        timings.join.record(now() - started);
        resolve();
      });
    });
  }

  private applySnapshot(snapshot: ServerMessage<'snapshot'>, target: TargetKind): void {
    // Entries broadcast after the join but before this snapshot cannot exist (the server
    // joins the room and sends the snapshot in one go), so anything pending is after it.
    this.applied = snapshot.state.seq;
    this.snapshotSeq = snapshot.state.seq;
    this.highest = Math.max(this.highest, this.applied);
    if (this.spec.replica && target === 'gavel') {
      this.snapshotBytes = JSON.stringify(snapshot).length;
      this.replica = new EventReplica(unpackState(snapshot.state), () => {});
    }
    for (const seq of [...this.pending.keys()]) if (seq <= this.applied) this.pending.delete(seq);
    this.drain(now());
  }

  private receive(entries: WireEntry[]): void {
    const at = now();
    for (const entry of entries) {
      if (entry.seq <= this.applied || this.pending.has(entry.seq)) {
        this.doubled++;
        continue;
      }
      if (entry.seq !== this.highest + 1) this.outOfOrder++;
      this.highest = Math.max(this.highest, entry.seq);
      this.pending.set(entry.seq, entry);
    }
    this.drain(at);
    this.replica?.receive(entries as unknown as Entry[]);
  }

  private drain(at: number): void {
    let next = this.pending.get(this.applied + 1);
    while (next) {
      this.pending.delete(next.seq);
      this.applied = next.seq;
      this.recorder.applied(next, this, at);
      next = this.pending.get(this.applied + 1);
    }
  }

  /** Up to `finalSeq`: seqs this client never received, and seqs received but stuck behind a gap. */
  shortfall(finalSeq: number): { missed: number; stuck: number } {
    let stuck = 0;
    for (const seq of this.pending.keys()) if (seq <= finalSeq) stuck++;
    return { missed: Math.max(0, finalSeq - this.applied - stuck), stuck };
  }

  /** For the report of a client that did not get everything: where it stands. */
  describe(): string {
    const waiting = [...this.pending.keys()].sort((a, b) => a - b);
    return `${this.spec.rosterId ?? this.spec.index}: snapshot ${this.snapshotSeq}, applied ${this.applied}, ${waiting.length} waiting from ${waiting[0] ?? '-'}, connected ${this.connected}`;
  }

  digest(): string | null {
    return this.replica ? createHash('sha256').update(JSON.stringify(this.replica.state)).digest('hex').slice(0, 16) : null;
  }

  /** Emit a command; resolves with the ack (or a timeout) and the emit time. */
  send(command: { type: string; payload: unknown }, emitAt = now()): Promise<{ ack: Ack; emitAt: number }> {
    const socket = this.socket;
    const { recorder } = this;
    recorder.commands.sent++;
    recorder.inFlight++;
    return new Promise((resolve) => {
      if (!socket || !this.connected) {
        recorder.inFlight--;
        recorder.commands.refused.disconnected = (recorder.commands.refused.disconnected ?? 0) + 1;
        return resolve({ ack: { ok: false, error: { code: 'disconnected', message: 'not connected' } }, emitAt });
      }
      socket.timeout(ACK_TIMEOUT_MS).emit('command', command, (err: Error | null, ack: Ack) => {
        recorder.inFlight--;
        if (err) {
          recorder.commands.timedOut++;
          return resolve({ ack: { ok: false, error: { code: 'timeout', message: err.message } }, emitAt });
        }
        recorder.ack.record(now() - emitAt);
        if (ack.ok) {
          recorder.commands.ok++;
          recorder.maxAckedSeq = Math.max(recorder.maxAckedSeq, ack.seq ?? 0);
        } else {
          const code = ack.error?.code ?? 'unknown';
          recorder.commands.refused[code] = (recorder.commands.refused[code] ?? 0) + 1;
        }
        resolve({ ack, emitAt });
      });
    });
  }

  close(): void {
    this.connected = false;
    this.socket?.close();
  }
}
