/** Socket.IO: the handshake by token, the snapshot, commands, sync and the clock ping. */
import type { Server, Socket } from 'socket.io';
import type { Role } from '../shared/constants.ts';
import { ROLE_LIST } from '../shared/constants.ts';
import { PingRequestSchema, type PresenceCounts, type Self, type SyncReply, SyncRequestSchema } from '../shared/protocol.ts';
import type { AuthStore, Credential } from './auth/types.ts';
import { executeCommand } from './commands.ts';
import { INTERNAL } from './errors.ts';
import type { EventHost } from './eventHost.ts';
import type { EventRegistry } from './events.ts';
import type { Ledger } from './ledger/types.ts';
import type { Logger } from './logger.ts';

/** A client further behind than this gets a fresh snapshot instead of the entries it missed. */
const SYNC_MAX_ENTRIES = 2000;
const PRESENCE_INTERVAL_MS = 1000;

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
}

export function roomOf(eventId: string): string {
  return `event:${eventId}`;
}

export function personRoom(eventId: string, personId: string): string {
  return `person:${eventId}:${personId}`;
}

function selfOf(credential: Credential): Self {
  const { profile } = credential;
  return { id: credential.personId, role: credential.role, name: profile.name, community: profile.community, region: profile.region, country: profile.country };
}

/** Acks must be functions; a client that sends none gets nothing back, and nothing breaks. */
function replier<T>(ack: unknown): (value: T) => void {
  return typeof ack === 'function' ? (value: T) => (ack as (v: T) => void)(value) : () => {};
}

export function attachSockets({ io, registry, ledger, auth, clock, logger }: SocketDeps): { stop(): void } {
  const presence = new Map<string, PresenceCounts>();
  const dirty = new Set<string>();
  const forwarded = new WeakSet<EventHost>();

  /** Every applied batch goes to the event's room once: one encoding per broadcast, not per socket. */
  function forward(host: EventHost): void {
    if (forwarded.has(host)) return;
    forwarded.add(host);
    host.onApplied((entries) => io.to(roomOf(host.eventId)).emit('entries', { entries }));
  }

  function count(eventId: string, role: Role, delta: number): void {
    const counts = presence.get(eventId) ?? (Object.fromEntries(ROLE_LIST.map((r) => [r, 0])) as PresenceCounts);
    counts[role] = Math.max(0, (counts[role] ?? 0) + delta);
    presence.set(eventId, counts);
    dirty.add(eventId);
  }

  // Presence is ephemeral and changes in bursts (a join storm): send it at most once a second.
  const presenceTimer = setInterval(() => {
    for (const eventId of dirty) {
      const counts = presence.get(eventId);
      if (!counts) continue;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      io.to(roomOf(eventId)).emit('presence', { counts, total });
    }
    dirty.clear();
  }, PRESENCE_INTERVAL_MS);
  presenceTimer.unref();

  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const credential = typeof token === 'string' ? await auth.resolve(token) : null;
      if (!credential || !registry.get(credential.eventId)) return next(new Error('unauthorized'));
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
    forward(host);
    socket.join([roomOf(host.eventId), personRoom(host.eventId, credential.personId)]);
    socket.emit('snapshot', { state: host.state, self: selfOf(credential) });
    count(host.eventId, credential.role, +1);
    socket.on('disconnect', () => count(host.eventId, credential.role, -1));

    socket.on('command', async (raw: unknown, ack: unknown) => {
      const reply = replier(ack);
      try {
        reply(await executeCommand(host, ledger, credential, raw, clock()));
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
        return reply({ ok: true, snapshot: { state: host.state, self: selfOf(credential) } });
      }
      try {
        reply({ ok: true, entries: await ledger.read(host.eventId, sinceSeq, seq - sinceSeq) });
      } catch (err) {
        logger.warn({ err }, 'sync read failed, sending a snapshot');
        reply({ ok: true, snapshot: { state: host.state, self: selfOf(credential) } });
      }
    });

    socket.on('clock.ping', (raw: unknown, ack: unknown) => {
      const parsed = PingRequestSchema.safeParse(raw);
      if (parsed.success) replier(ack)({ clientSentAt: parsed.data.clientSentAt, serverAt: clock() });
    });
  });

  return { stop: () => clearInterval(presenceTimer) };
}
