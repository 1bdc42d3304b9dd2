/**
 * One simulated person on a raw WebSocket (rawSocketIo.ts): the bulk of the load benchmark's
 * audience. It reads of each packet only what the benchmark needs: the seqs of an `entries`
 * packet (for missed and doubled entries, as every client does) and the seq of its snapshot.
 * What an entry is (its kind, the stamp of a chat message or a hand) is the same for every
 * client of a worker: the first client of the worker to receive a seq parses its packet, and
 * the worker's `Recorder` keeps the facts for the others.
 */
import type { TargetKind } from './messages.ts';
import { ACK_TIMEOUT_MS, type Ack, type JoinTimings, SimulatedPerson } from './person.ts';
import { RawSocketIo } from './rawSocketIo.ts';
import { now, type WireEntry } from './stamp.ts';

/**
 * Where an entry starts: every entry's first key is its seq (EntrySchema's order, and the
 * floor's), no command payload has a `seq`, and a JSON string cannot hold this (its quotes
 * would be escaped), so each occurrence is one entry.
 */
const ENTRY_START = Buffer.from('{"seq":');
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;

/** Where each entry of an `entries` packet starts (its `{"seq":`), in order. */
export function entryStarts(packet: Buffer, from = 0): number[] {
  const starts: number[] = [];
  for (let start = packet.indexOf(ENTRY_START, from); start >= 0; start = packet.indexOf(ENTRY_START, start + ENTRY_START.length)) starts.push(start);
  return starts;
}

/** The seqs of an `entries` packet, in order, found without parsing it. */
export function entrySeqs(packet: Buffer, from = 0): number[] {
  const seqs: number[] = [];
  for (let start = packet.indexOf(ENTRY_START, from); start >= 0; start = packet.indexOf(ENTRY_START, start + ENTRY_START.length)) {
    let at = start + ENTRY_START.length;
    let seq = 0;
    for (let c = packet[at]; c !== undefined && c >= DIGIT_ZERO && c <= DIGIT_NINE; c = packet[++at]) seq = seq * 10 + (c - DIGIT_ZERO);
    seqs.push(seq);
  }
  return seqs;
}

/** A snapshot's state starts with its event id and its seq (EventStateSchema's order); anything else is parsed. */
const SNAPSHOT_HEAD = /^\{"state":\{(?:"eventId":"[^"\\]*",)?"seq":(\d+)[,}]/;

/** The seq a snapshot stands at; `argsAt` is where its argument starts, as in `RawSocketHandlers.event`. */
export function snapshotSeq(packet: Buffer, argsAt: number): number {
  const head = SNAPSHOT_HEAD.exec(packet.toString('latin1', argsAt, argsAt + 200));
  if (head) return Number(head[1]);
  return (JSON.parse(packet.toString('utf8', argsAt, packet.length - 1)) as { state: { seq: number } }).state.seq;
}

export class LeanParticipant extends SimulatedPerson {
  private socket: RawSocketIo | null = null;

  async join(url: string, eventId: string, target: TargetKind, timeoutMs: number, timings: JoinTimings): Promise<void> {
    await this.register(url, eventId, timings);
    this.url = url;
    this.target = target;
    const started = now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('no snapshot in time')), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err); // the first reason wins: closing the socket below reports its close too
        this.socket?.close();
      };
      this.open(url, this.handshakeAuth(target), {
        refused: (message) => fail(new Error(message)),
        snapshot: (seq) => {
          clearTimeout(timer);
          this.startFrom(seq);
          this.connected = true;
          this.joined = true;
          timings.join.record(now() - started);
          resolve();
        },
        closedEarly: (reason) => fail(new Error(`connection closed before the snapshot: ${reason}`)),
      });
    });
  }

  /**
   * A socket to `url`: entries are read whenever they come; the first snapshot is the join's
   * (`first`), a later one (a reconnection that could not resume) starts the person over.
   */
  private open(
    url: string,
    auth: object,
    first: { refused(message: string): void; snapshot(seq: number): void; closedEarly(reason: string): void } | null,
  ): void {
    const socket = new RawSocketIo(url, auth, {
      packet: (length, isMessage) => this.countPacket(length, isMessage),
      connected: () => {
        if (this.joined) this.reconnected();
      },
      refused: (message) => first?.refused(message),
      event: (name, packet, argsAt) => {
        if (name === 'entries') return this.receive(packet, argsAt);
        if (name !== 'snapshot') return;
        if (!this.joined) first?.snapshot(snapshotSeq(packet, argsAt));
        else this.startFrom(snapshotSeq(packet, argsAt));
      },
      closed: (reason) => {
        if (socket !== this.socket) return;
        if (!this.joined) first?.closedEarly(reason);
        else this.lost(reason);
      },
    });
    this.socket = socket;
  }

  protected reopen(url: string, auth: object): void {
    this.open(url, auth, null);
  }

  private receive(packet: Buffer, argsAt: number): void {
    const at = now();
    const seqs = entrySeqs(packet, argsAt);
    if (seqs.some((seq) => !this.recorder.kinds.has(seq))) this.learn(packet, argsAt, seqs);
    this.receiveSeqs(seqs, at);
  }

  /** The first client of the worker to receive these seqs reads the packet in full, for every client. */
  private learn(packet: Buffer, argsAt: number, seqs: readonly number[]): void {
    const { entries } = JSON.parse(packet.toString('utf8', argsAt, packet.length - 1)) as { entries: WireEntry[] };
    // The search above must find what the parse finds: checked whenever a packet is parsed.
    if (entries.length !== seqs.length || entries.some((entry, i) => entry.seq !== seqs[i])) {
      throw new Error(`entry seqs read as ${seqs.join(',')} but the packet holds ${entries.map((e) => e.seq).join(',')}`);
    }
    for (const entry of entries) this.recorder.learn(entry);
    const starts = entryStarts(packet, argsAt);
    // The packet ends with the entries' array, their object and the event's array: `]}]`.
    const end = packet.length - 3;
    starts.forEach((start, i) => {
      const seq = seqs[i]!;
      if (!this.recorder.entryBytes.has(seq)) this.recorder.entryBytes.set(seq, (starts[i + 1] ?? end) - start);
    });
  }

  protected emitCommand(command: { type: string; payload: unknown }, onAck: (ack: Ack | null) => void): boolean {
    if (!this.socket) return false;
    this.socket.emitWithAck('command', command, ACK_TIMEOUT_MS, (args) => onAck(args ? (args[0] as Ack) : null));
    return true;
  }

  close(): void {
    this.stopRejoining();
    this.connected = false;
    this.socket?.close();
  }
}
