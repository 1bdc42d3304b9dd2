/**
 * One simulated person on a real socket.io-client socket (websocket transport), as the
 * browser connects: the probes and the replicas use it, and every participant with
 * `--full-clients`. The lean participant (leanParticipant.ts) speaks the same protocol on a
 * raw WebSocket for the bulk of the audience.
 */
import { createHash } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Entry, ServerMessage } from '../../shared/protocol.ts';
import { EventReplica } from '../../shared/replica.ts';
import { unpackState } from '../../shared/wire.ts';
import type { TargetKind } from './messages.ts';
import { ACK_TIMEOUT_MS, type Ack, type JoinTimings, SimulatedPerson } from './person.ts';
import { now, type WireEntry } from './stamp.ts';

/** Length of one Engine.IO packet as socket.io-client hands it over: the type character, then the data (in characters: bytes for the bench's ASCII entries). */
function packetLength(packet: { data?: unknown }): number {
  const data = packet.data;
  return 1 + (typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0);
}

export class Participant extends SimulatedPerson {
  socket: Socket | null = null;
  replica: EventReplica | null = null;

  async join(url: string, eventId: string, target: TargetKind, timeoutMs: number, timings: JoinTimings): Promise<void> {
    await this.register(url, eventId, timings);
    this.url = url;
    this.target = target;
    const started = now();
    const socket = this.open(url, this.handshakeAuth(target), timeoutMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no snapshot in time')), timeoutMs);
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('snapshot', () => {
        clearTimeout(timer);
        this.connected = true;
        this.joined = true;
        timings.join.record(now() - started);
        resolve();
      });
    });
  }

  private open(url: string, auth: object, timeoutMs = 20_000): Socket {
    const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
    this.socket = socket;
    socket.io.on('open', () => {
      socket.io.engine.on('packet', (packet: { type?: string; data?: unknown }) => this.countPacket(packetLength(packet), packet.type === 'message'));
    });
    socket.on('entries', ({ entries }: { entries: WireEntry[] }) => this.receive(entries));
    socket.on('snapshot', (snapshot: ServerMessage<'snapshot'>) => this.applySnapshot(snapshot, this.target));
    socket.on('connect', () => {
      if (this.joined) this.reconnected();
    });
    socket.on('disconnect', (reason) => {
      if (socket === this.socket) this.lost(reason);
    });
    // A reconnection the node refused, or could not reach: the next attempt.
    socket.on('connect_error', () => {
      if (this.joined && socket === this.socket) this.lost('connect_error');
    });
    return socket;
  }

  protected reopen(url: string, auth: object): void {
    this.open(url, auth);
  }

  private applySnapshot(snapshot: ServerMessage<'snapshot'>, target: TargetKind): void {
    if (this.spec.replica && target === 'gavel') {
      this.snapshotBytes = JSON.stringify(snapshot).length;
      this.replica = new EventReplica(unpackState(snapshot.state), () => {});
    }
    this.startFrom(snapshot.state.seq);
  }

  private receive(entries: WireEntry[]): void {
    const at = now();
    for (const entry of entries) {
      if (this.recorder.kinds.has(entry.seq)) continue;
      this.recorder.learn(entry);
      // As the node serialized it (the same JSON, keys in the same order), with the comma between entries.
      if (!this.recorder.entryBytes.has(entry.seq)) this.recorder.entryBytes.set(entry.seq, JSON.stringify(entry).length + 1);
    }
    this.receiveSeqs(
      entries.map((e) => e.seq),
      at,
    );
    this.replica?.receive(entries as unknown as Entry[]);
  }

  override digest(): string | null {
    return this.replica ? createHash('sha256').update(JSON.stringify(this.replica.state)).digest('hex').slice(0, 16) : null;
  }

  protected emitCommand(command: { type: string; payload: unknown }, onAck: (ack: Ack | null) => void): boolean {
    if (!this.socket) return false;
    this.socket.timeout(ACK_TIMEOUT_MS).emit('command', command, (err: Error | null, ack: Ack) => onAck(err ? null : ack));
    return true;
  }

  close(): void {
    this.stopRejoining();
    this.connected = false;
    this.socket?.close();
  }
}
