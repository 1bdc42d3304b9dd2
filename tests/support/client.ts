/**
 * A test participant: a real socket.io-client that keeps a replica of the event exactly
 * as the browser does (snapshot, then entries, sync on gaps), and sends commands with acks.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, Command, PresenceCounts, Self, ServerMessage, SyncReply } from '../../shared/protocol.ts';
import { EventReplica } from '../../shared/replica.ts';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../shared/socketEvents.ts';
import type { EventState } from '../../shared/state.ts';
import { readPackedState } from '../../shared/wire.ts';

export interface CommandInput {
  type: Command['type'] | string;
  payload?: unknown;
}

export class TestClient {
  replica: EventReplica | null = null;
  self: Self | null = null;
  presence: { counts: PresenceCounts; total: number } | null = null;
  readonly notices: Array<ServerMessage<'notice'>> = [];
  /** How many snapshots this client received (the first, and any that replaced its replica since). */
  snapshots = 0;
  /** The lobby and flag counts, last received (staff sockets only: S46, S47). */
  moderation: ServerMessage<'moderation'> | null = null;
  /** Every reactions batch received, in order. */
  readonly reactions: Array<ServerMessage<'reactions'>['counts']> = [];
  private readonly waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  private constructor(readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.on('snapshot', (snapshot: ServerMessage<'snapshot'>) => {
      this.snapshots++;
      this.self = snapshot.self;
      const state = readPackedState(snapshot.state);
      if (this.replica) this.replica.reset(state);
      else this.replica = new EventReplica(state, (sinceSeq) => void this.sync(sinceSeq));
      this.check();
    });
    socket.on('entries', ({ entries }) => {
      this.replica?.receive(entries);
      this.check();
    });
    socket.on('presence', (presence: ServerMessage<'presence'>) => {
      this.presence = presence;
      this.check();
    });
    socket.on('reactions', ({ counts }: ServerMessage<'reactions'>) => {
      this.reactions.push(counts);
      this.check();
    });
    socket.on('notice', (notice: ServerMessage<'notice'>) => {
      this.notices.push(notice);
      this.check();
    });
    socket.on('moderation', (counts: ServerMessage<'moderation'>) => {
      this.moderation = counts;
      this.check();
    });
  }

  /** Connect with a token and wait for the snapshot. */
  static async connect(url: string, token: string, options: { transports?: string[] } = {}): Promise<TestClient> {
    let client: TestClient | null = null;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      // As the browser does: a reconnection says where its replica stands (RC1).
      auth: (send) => send((client?.replica ? { token, sinceSeq: client.replica.state.seq } : { token }) satisfies HandshakeAuth),
      transports: options.transports ?? ['websocket'],
      reconnection: true,
      forceNew: true,
    });
    const created = new TestClient(socket);
    client = created;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', (err) => reject(err));
      created.until(() => created.replica !== null).then(resolve, reject);
    });
    return created;
  }

  get state(): EventState {
    if (!this.replica) throw new Error('no snapshot yet');
    return this.replica.state;
  }

  /**
   * The same socket with no event types: for tests that send what no well-behaved client
   * would (a malformed packet, an unknown reaction), which the server must refuse.
   */
  get untyped(): Socket {
    return this.socket as unknown as Socket;
  }

  /** Send a command, well-formed or not; with `id`, the packet carries that command id (ID1). */
  send(type: CommandInput['type'], payload: unknown = {}, id?: unknown): Promise<Ack> {
    return this.untyped.timeout(10_000).emitWithAck('command', id === undefined ? { type, payload } : { id, type, payload });
  }

  /** Send and insist it worked; returns the seq. */
  async must(type: CommandInput['type'], payload: unknown = {}): Promise<number> {
    const ack = await this.send(type, payload);
    if (!ack.ok) throw new Error(`${type} refused: ${ack.error.code}: ${ack.error.message}`);
    return ack.seq;
  }

  /** Resolve when the replica has applied `seq`. */
  caughtUp(seq: number): Promise<void> {
    return this.until(() => (this.replica?.state.seq ?? 0) >= seq);
  }

  /** Resolve when `test` holds after some message arrives (or holds already). */
  until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting (client at seq ${this.replica?.state.seq ?? 'none'})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.close();
  }

  private async sync(sinceSeq: number): Promise<void> {
    const reply: SyncReply = await this.socket
      .timeout(10_000)
      .emitWithAck('sync', { sinceSeq })
      .catch(() => ({ ok: false as const, error: { code: 'unavailable' as const, message: 'timeout' } }));
    if (!this.replica) return;
    if (!reply.ok) this.replica.syncFailed();
    else if ('entries' in reply) this.replica.receive(reply.entries, true);
    else this.replica.reset(readPackedState(reply.snapshot.state));
    this.check();
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
