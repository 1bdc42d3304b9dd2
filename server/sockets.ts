/** Socket.IO: the handshake by token, the snapshot, commands, sync and the clock ping. */
import type { Server, Socket } from 'socket.io';
import { PingRequestSchema, REACTION_KINDS, type ReactionCounts, ReactionRequestSchema, type Self, type ServerMessage, type SyncReply, SyncRequestSchema } from '../shared/protocol.ts';
import { type PackedState, packState } from '../shared/wire.ts';
import type { AuthStore, Credential } from './auth/types.ts';
import type { PresenceBoard } from './cluster/presence.ts';
import { executeCommand } from './commands.ts';
import { INTERNAL } from './errors.ts';
import type { EventHost } from './eventHost.ts';
import type { EventRegistry } from './events.ts';
import type { Ledger } from './ledger/types.ts';
import type { Logger } from './logger.ts';
import type { Security } from './security/index.ts';
import { isRemoval } from './security/people.ts';

/** A client further behind than this gets a fresh snapshot instead of the entries it missed. */
const SYNC_MAX_ENTRIES = 2000;
const REACTIONS_INTERVAL_MS = 1000;
/** Reactions one person may send per second; more are dropped (they are decoration, not state). */
const REACTIONS_PER_SECOND = 5;

interface SocketData {
  credential: Credential;
}

export interface SocketDeps {
  io: Server;
  registry: EventRegistry;
  ledger: Ledger;
  auth: AuthStore;
  clock: () => number;
  logger: Logger;
  /** Counts who is online, on this node and (with Redis) on the others. */
  presence: PresenceBoard;
  /** Flood and content limits, and removals (which also revoke and disconnect). */
  security: Security;
}

export function roomOf(eventId: string): string {
  return `event:${eventId}`;
}

export function personRoom(eventId: string, personId: string): string {
  return `person:${eventId}:${personId}`;
}

/** The packed state of the latest seq, encoded once and shared by every join at that seq (a join storm). */
const packedCache = new WeakMap<EventHost, { seq: number; state: PackedState }>();

function snapshotOf(host: EventHost, credential: Credential): ServerMessage<'snapshot'> {
  let cached = packedCache.get(host);
  if (!cached || cached.seq !== host.state.seq) {
    cached = { seq: host.state.seq, state: packState(host.state) };
    packedCache.set(host, cached);
  }
  return { state: cached.state, self: selfOf(credential) };
}

function selfOf(credential: Credential): Self {
  const { profile } = credential;
  return { id: credential.personId, role: credential.role, name: profile.name, community: profile.community, region: profile.region, country: profile.country };
}

/** Acks must be functions; a client that sends none gets nothing back, and nothing breaks. */
function replier<T>(ack: unknown): (value: T) => void {
  return typeof ack === 'function' ? (value: T) => (ack as (v: T) => void)(value) : () => {};
}

export function attachSockets({ io, registry, ledger, auth, clock, logger, presence, security }: SocketDeps): { stop(): void } {
  const reactions = new Map<string, ReactionCounts>();
  /** Reactions per person in the current second, for the rate limit. */
  const reactionsSent = new Map<string, number>();
  const forwarded = new WeakSet<EventHost>();

  /**
   * Every applied batch goes to the event's room once: one encoding per broadcast, not per
   * socket. Only to this node's sockets (`local`): every node tails the ledger and forwards
   * the same entries to its own, so nothing of the ledger goes over pub/sub.
   */
  function forward(host: EventHost): void {
    if (forwarded.has(host)) return;
    forwarded.add(host);
    host.onApplied((entries) => io.local.to(roomOf(host.eventId)).emit('entries', { entries }));
  }

  function react(eventId: string, personId: string, kind: (typeof REACTION_KINDS)[number]): boolean {
    const key = `${eventId}:${personId}`;
    const sent = reactionsSent.get(key) ?? 0;
    if (sent >= REACTIONS_PER_SECOND) return false;
    reactionsSent.set(key, sent + 1);
    const counts = reactions.get(eventId) ?? (Object.fromEntries(REACTION_KINDS.map((k) => [k, 0])) as ReactionCounts);
    counts[kind] = (counts[kind] ?? 0) + 1;
    reactions.set(eventId, counts);
    return true;
  }

  // Reactions are ephemeral and come in bursts (applause): they go out at most once a second,
  // aggregated. Each node sends its own batch to the whole room (through the Redis adapter
  // when there are several nodes), so each reaction is counted once and clients add up batches.
  const reactionsTimer = setInterval(() => {
    for (const [eventId, counts] of reactions) io.to(roomOf(eventId)).emit('reactions', { counts });
    reactions.clear();
    reactionsSent.clear();
  }, REACTIONS_INTERVAL_MS);
  reactionsTimer.unref();

  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const credential = typeof token === 'string' ? await auth.resolve(token) : null;
      if (!credential || !registry.get(credential.eventId)) return next(new Error('unauthorized'));
      if (!security.sockets.admit(credential)) return next(new Error('rate_limited'));
      (socket.data as SocketData).credential = credential;
      next();
    } catch (err) {
      logger.error({ err }, 'handshake failed');
      next(new Error('internal'));
    }
  });

  io.on('connection', (socket: Socket) => {
    const { credential } = socket.data as SocketData;
    const host = registry.get(credential.eventId);
    if (!host) return void socket.disconnect(true);
    security.sockets.watch(socket, credential);
    forward(host);
    socket.join([roomOf(host.eventId), personRoom(host.eventId, credential.personId)]);
    socket.emit('snapshot', snapshotOf(host, credential));
    presence.join(host.eventId, credential.role);
    socket.on('disconnect', () => presence.leave(host.eventId, credential.role));

    socket.on('command', async (raw: unknown, ack: unknown) => {
      const reply = replier(ack);
      try {
        reply(await (isRemoval(raw) ? security.people.remove(host, credential, raw, clock()) : executeCommand(host, ledger, credential, raw, clock())));
      } catch (err) {
        logger.error({ err, eventId: host.eventId }, 'command failed');
        reply({ ok: false, error: INTERNAL });
      }
    });

    socket.on('sync', async (raw: unknown, ack: unknown) => {
      const reply = replier<SyncReply>(ack);
      const parsed = SyncRequestSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: { code: 'bad_request', message: 'sync needs { sinceSeq }' } });
      const { sinceSeq } = parsed.data;
      const seq = host.state.seq;
      if (sinceSeq > seq || seq - sinceSeq > SYNC_MAX_ENTRIES) {
        return reply({ ok: true, snapshot: snapshotOf(host, credential) });
      }
      try {
        reply({ ok: true, entries: await ledger.read(host.eventId, sinceSeq, seq - sinceSeq) });
      } catch (err) {
        logger.warn({ err }, 'sync read failed, sending a snapshot');
        reply({ ok: true, snapshot: snapshotOf(host, credential) });
      }
    });

    socket.on('reaction', (raw: unknown, ack: unknown) => {
      const parsed = ReactionRequestSchema.safeParse(raw);
      const reply = replier(ack);
      if (!parsed.success) return reply({ ok: false, error: { code: 'bad_request', message: 'unknown reaction' } });
      if (credential.role === 'stage') return reply({ ok: false, error: { code: 'forbidden', message: 'the stage display only watches' } });
      if (!react(host.eventId, credential.personId, parsed.data.kind)) {
        return reply({ ok: false, error: { code: 'rate_limited', message: 'slow down: a few reactions a second at most' } });
      }
      reply({ ok: true });
    });

    socket.on('clock.ping', (raw: unknown, ack: unknown) => {
      const parsed = PingRequestSchema.safeParse(raw);
      if (parsed.success) replier(ack)({ clientSentAt: parsed.data.clientSentAt, serverAt: clock() });
    });
  });

  return { stop: () => clearInterval(reactionsTimer) };
}
