/** Socket.IO: the handshake by token, the snapshot, commands, sync and the clock ping. */

import { isStaff } from '../shared/permissions.ts';
import { type Audience, hasOwnView, hasSecretBallot, projectEntry, type Redactions, STAGE } from '../shared/projection.ts';
import {
  type Entry,
  HandshakeAuthSchema,
  PingRequestSchema,
  REACTION_KINDS,
  type ReactionCounts,
  ReactionRequestSchema,
  type Self,
  type ServerMessage,
  SyncRequestSchema,
} from '../shared/protocol.ts';
import { MODERATORS, questionAudiences } from '../shared/questionsProjection.ts';
import type { ClientRequestName, ReplyOf } from '../shared/socketEvents.ts';
import type { EventState } from '../shared/state.ts';
import { type PackedState, packState } from '../shared/wire.ts';
import type { AuthStore, Credential } from './auth/types.ts';
import { type CommandHooks, executeCommand } from './commands.ts';
import { INTERNAL, STORE_UNAVAILABLE } from './errors.ts';
import { ENTRIES_HELD, type EventHost } from './eventHost.ts';
import type { EventRegistry } from './events.ts';
import type { Ledger } from './ledger/types.ts';
import type { Logger } from './logger.ts';
import { emitPreEncoded, encodeWithPreEncoded } from './preEncoded.ts';
import type { PresenceBoard } from './presence.ts';
import { gateRoom, moderatorRoom, personRoom, roomOf, staffRoom, stageRoom } from './rooms.ts';
import type { Security } from './security/index.ts';
import { answerLater, slowDown } from './security/rateLimiter.ts';
import { SnapshotPacer } from './security/snapshotPacer.ts';
import { sharedSnapshotState } from './sharedSnapshot.ts';
import type { GavelServer } from './socketTypes.ts';
import { StoreWriteError } from './storage/appendOnlyFile.ts';
import { within } from './within.ts';

/** A client further behind than the entries a node holds gets a fresh snapshot instead of the entries it missed. */
const SYNC_MAX_ENTRIES = ENTRIES_HELD;
const REACTIONS_INTERVAL_MS = 1000;
/** Reactions one person may send per second; more are dropped (they are decoration, not state). */
const REACTIONS_PER_SECOND = 5;
/**
 * The shortest time between two `entries` packets to an event's room, per 1,000 of the
 * room's sockets on this node, and its cap. A packet costs the node a write per socket
 * (~15-20 µs on a small VM, kernel included) and each client a decode, whatever it holds:
 * under a burst (hands going up, a registration storm, brisk chat) entries applied within
 * the interval of the last packet wait and go out together, so writing entries takes at
 * most about half of the node's time however busy the event. An entry after a quiet spell
 * goes out at once; a small room (tests, a workshop) is never held back. bench/load
 * measured the trade (README, "Load benchmark").
 */
const BROADCAST_INTERVAL_MS_PER_1000_SOCKETS = 40;
const BROADCAST_INTERVAL_MAX_MS = 500;

/** The interval between two packets to a room of `sockets` sockets (exported for bench/floor, which batches alike). */
export function broadcastIntervalMs(sockets: number): number {
  return Math.min(BROADCAST_INTERVAL_MAX_MS, (sockets * BROADCAST_INTERVAL_MS_PER_1000_SOCKETS) / 1000);
}

export interface SocketDeps {
  io: GavelServer;
  registry: EventRegistry;
  ledger: Ledger;
  auth: AuthStore;
  clock: () => number;
  logger: Logger;
  /** Counts who is online, on this node and (with Redis) on the others. */
  presence: PresenceBoard;
  /** Flood and content limits. */
  security: Security;
  /** What commands do besides their entry (a removal revokes and disconnects). */
  hooks: CommandHooks;
  /** The byte budget of what people post in an event's state (S51). */
  stateBudgetBytes?: number;
  /** How many wait in the lobby and how many are flagged, for a staff socket that joins (S46, S47). */
  moderationCounts: (eventId: string) => Promise<ServerMessage<'moderation'>>;
}

function snapshotOf(host: EventHost, credential: Credential): ServerMessage<'snapshot'> {
  // Someone who answered a secret ballot open now gets their own answer in their own packing (B7);
  // so does the asker of a held or anonymous question, but a moderator, who sees them all (B11).
  const moderator = credential.role === 'moderator';
  const own = moderator ? hasSecretBallot(host.state, credential.personId) : hasOwnView(host.state, credential.personId);
  if (own) return { state: packState(host.projectedState(audienceOf(credential))), self: selfOf(credential) };
  // Everyone else's projection is the same (B1), but the stage's (S17) and the moderators' (B11):
  // one encoding per seq and audience serves every other join and sync (S40). The server's
  // encoder writes it as the PackedState it holds (encodeWithPreEncoded).
  const state = sharedSnapshotState(host, moderator ? 'moderators' : credential.role === 'stage' ? 'stage' : 'everyone');
  // The state last: its bytes end the packet, and go into each socket's frame as they are (emitPreEncoded).
  return { self: selfOf(credential), state: state as unknown as PackedState };
}

/**
 * An applied entry on its way out: as everyone receives it, as its voter does when that
 * differs (B7), and as the stage does (S17), null when no stage display was here to receive
 * it; `restage` when the stage may now show someone differently (a group reached k or fell
 * below it): the stage gets a new snapshot rather than entries masked otherwise than its state.
 */
interface Outgoing {
  entry: Entry;
  voter?: { personId: string; entry: Entry };
  /** A held or anonymous question's entry as moderators and as its asker receive it, when that differs (B11). */
  question?: { moderators: Entry; asker: { personId: string; entry: Entry } | null };
  stage: Entry | null;
  restage: boolean;
}

/**
 * An entry on its way out as this person's sockets receive it: their own answer in a secret
 * ballot (B7), their own held or anonymous question (B11), a moderator's view of a question
 * (B11), else as everyone.
 */
function asReceivedBy(o: Outgoing, personId: string, moderator: boolean): Entry {
  if (o.voter?.personId === personId) return o.voter.entry;
  if (o.question?.asker?.personId === personId) return o.question.asker.entry;
  return moderator && o.question ? o.question.moderators : o.entry;
}

/** The entry as moderators and as the asker receive a question entry that differs for them (B11), else undefined. */
function questionOutgoing(entry: Entry, state: EventState, redactions: Redactions): Outgoing['question'] {
  const audiences = questionAudiences(entry, state, redactions.questions);
  if (!audiences) return undefined;
  const { asker } = audiences;
  return {
    moderators: projectEntry(entry, state, redactions, MODERATORS),
    asker: asker && {
      personId: asker.personId,
      entry: projectEntry(entry, state, redactions, { role: asker.role as Audience['role'], personId: asker.personId }),
    },
  };
}

function outgoing(entry: Entry, state: EventState, redactions: Redactions, toStage: boolean): Outgoing {
  const projected = projectEntry(entry, state, redactions);
  const stage = toStage ? projectEntry(entry, state, redactions, STAGE) : null;
  const restage = redactions.publicChanges.has(entry.seq);
  const question = questionOutgoing(entry, state, redactions);
  if (question) return { entry: projected, question, stage, restage };
  // Only a secret vote reaches its voter otherwise than everyone (B7, B10, B11).
  if (projected.command.type !== 'proposals.tally' && projected.command.type !== 'proposals.answered') return { entry: projected, stage, restage };
  return {
    entry: projected,
    voter: { personId: entry.actor.id, entry: projectEntry(entry, state, redactions, { role: 'participant', personId: entry.actor.id }) },
    stage,
    restage,
  };
}

/** How many times a catch-up at the handshake reads again the entries applied while it read (RC1). */
const RESUME_TRIES = 3;

/** How long a node behind a reconnecting replica waits to catch up with it before sending a snapshot instead (RC1). */
const RESUME_WAIT_MS = 2_000;

/**
 * RC1: whether a socket may catch up from where its replica stood instead of a snapshot: the
 * node holds what it missed and the gap is small. The stage always starts from a snapshot: what
 * it may show of someone depends on the whole state (S17).
 */
function mayResume(host: EventHost, credential: Credential, sinceSeq: number): boolean {
  const seq = host.state.seq;
  // RC3: not from before the person registered: their replica never stood there.
  const from = Math.max(1, credential.fromSeq ?? 0);
  return credential.role !== 'stage' && sinceSeq >= from && sinceSeq <= seq && seq - sinceSeq <= SYNC_MAX_ENTRIES;
}

/**
 * The entries after `sinceSeq` up to `upTo`, raw: from those the node holds in memory, else
 * from the ledger (a node that started a moment ago holds few).
 */
function entriesAfter(host: EventHost, ledger: Ledger, sinceSeq: number, upTo: number): Promise<Entry[]> {
  const held = host.heldEntries(sinceSeq, upTo);
  return held ? Promise.resolve(held) : ledger.read(host.eventId, sinceSeq, upTo - sinceSeq);
}

function audienceOf(credential: Credential): Audience {
  return { role: credential.role, personId: credential.personId };
}

function selfOf(credential: Credential): Self {
  const { profile } = credential;
  return { id: credential.personId, role: credential.role, name: profile.name, community: profile.community, region: profile.region, country: profile.country };
}

/**
 * One event's `entries` packets to this node's sockets, at most one per interval (see
 * BROADCAST_INTERVAL_MS_PER_1000_SOCKETS). What waits on an entry having gone out (the
 * sender's ack, a joiner's snapshot) waits for the packet, so each socket still sees an
 * entry before its ack and never an entry already in its snapshot.
 */
export class RoomBroadcaster<E = Entry> {
  private pending: E[] = [];
  private afterSend: Array<(sent: readonly E[]) => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private sentAt = -Infinity;

  constructor(
    private readonly send: (entries: E[]) => void,
    private readonly intervalMs: () => number,
  ) {}

  add(entries: readonly E[]): void {
    for (const entry of entries) this.pending.push(entry);
    if (this.timer) return;
    const wait = this.sentAt + this.intervalMs() - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /**
   * Run `action` once every entry added so far has been sent: at once when none is waiting, else
   * right after the packet that sent them, with what it sent (nothing more was applied meanwhile).
   */
  whenSent(action: (sent: readonly E[]) => void): void {
    if (this.pending.length === 0) action([]);
    else this.afterSend.push(action);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sentAt = performance.now();
    const entries = this.pending;
    const actions = this.afterSend;
    this.pending = [];
    this.afterSend = [];
    if (entries.length > 0) this.send(entries);
    for (const action of actions) action(entries);
  }
}

/** Acks must be functions; a client that sends none gets nothing back, and nothing breaks. */
function replier<N extends ClientRequestName>(ack: unknown): (value: ReplyOf<N>) => void {
  return typeof ack === 'function' ? (value: ReplyOf<N>) => (ack as (v: ReplyOf<N>) => void)(value) : () => {};
}

export function attachSockets({ io, registry, ledger, auth, clock, logger, presence, security, hooks, stateBudgetBytes, moderationCounts }: SocketDeps): {
  stop(): void;
} {
  const reactions = new Map<string, ReactionCounts>();
  /** Reactions per person in the current second, for the rate limit. */
  const reactionsSent = new Map<string, number>();
  const broadcasters = new Map<EventHost, RoomBroadcaster<Outgoing>>();
  encodeWithPreEncoded(io);

  /**
   * Applied entries go to the event's room in as few packets as the interval allows: one
   * encoding per broadcast, not per socket. Only to this node's sockets (`local`): every node
   * tails the ledger and forwards the same entries to its own, so nothing of the ledger goes
   * over pub/sub.
   */
  function forward(host: EventHost): RoomBroadcaster<Outgoing> {
    let broadcaster = broadcasters.get(host);
    if (!broadcaster) {
      const room = roomOf(host.eventId);
      const interval = () => broadcastIntervalMs(io.of('/').adapter.rooms.get(room)?.size ?? 0);
      const stage = stageRoom(host.eventId);
      const moderators = moderatorRoom(host.eventId);
      const send = (batch: Outgoing[]) => {
        const entries = batch.map((o) => o.entry);
        // The stage's own batch, or a new snapshot when what it may show of someone changed (S17),
        // or when an entry was projected with no stage here (never, as joins wait for the send).
        const stageSockets = io.of('/').adapter.rooms.get(stage);
        if (stageSockets?.size) {
          const staged = batch.flatMap((o) => (o.stage && !o.restage ? [o.stage] : []));
          if (staged.length === batch.length) io.local.to(stage).emit('entries', { entries: staged });
          else {
            // Every stage socket of an event holds the one stage credential.
            const first = stageSockets.values().next().value;
            const credential = first === undefined ? undefined : io.of('/').sockets.get(first)?.data.credential;
            if (credential) io.local.to(stage).emit('snapshot', snapshotOf(host, credential));
          }
        }
        // Moderators get their own batch when a question entry in it differs for them (B11).
        const toModerators = batch.some((o) => o.question) ? batch.map((o) => o.question?.moderators ?? o.entry) : null;
        const apart = toModerators ? [stage, moderators] : [stage];
        const voters = [...new Set(batch.flatMap((o) => (o.voter ? [o.voter.personId] : [])))];
        const askers = batch.flatMap((o) => (o.question?.asker ? [o.question.asker.personId] : []));
        const people = [...new Set([...voters, ...askers])];
        if (people.length === 0) {
          io.local.to(room).except(apart).emit('entries', { entries });
          if (toModerators) io.local.to(moderators).emit('entries', { entries: toModerators });
          return;
        }
        // A voter's sockets get the batch with their own answers in it; the room, the tallies (B7).
        // An asker's, with their own held or anonymous question as it is (B11).
        const personRooms = people.map((personId) => personRoom(host.eventId, personId));
        io.local
          .to(room)
          .except([...personRooms, ...apart])
          .emit('entries', { entries });
        if (toModerators) io.local.to(moderators).except(personRooms).emit('entries', { entries: toModerators });
        const moderatorSockets = io.of('/').adapter.rooms.get(moderators);
        for (const [i, personId] of people.entries()) {
          // A moderator who voted: the moderators' batch with their own answers in it.
          const first = io.of('/').adapter.rooms.get(personRooms[i]!)?.values().next().value;
          const moderator = first !== undefined && (moderatorSockets?.has(first) ?? false);
          const own = batch.map((o) => asReceivedBy(o, personId, moderator));
          io.local.to(personRooms[i]!).emit('entries', { entries: own });
        }
      };
      const created = new RoomBroadcaster<Outgoing>(send, interval);
      // Projected once per entry, against the state right after its batch: never per socket (B1).
      // For the stage only when a stage display is on this node: a socket joins its rooms once the
      // entries waiting have been sent (whenSent), so none that arrives meanwhile is sent these.
      host.onApplied((entries, state) => {
        const toStage = (io.of('/').adapter.rooms.get(stage)?.size ?? 0) > 0;
        created.add(entries.map((entry) => outgoing(entry, state, host.redactions, toStage)));
      });
      broadcasters.set(host, created);
      broadcaster = created;
    }
    return broadcaster;
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
      const handshake = HandshakeAuthSchema.safeParse(socket.handshake.auth);
      const credential = handshake.success ? await auth.resolve(handshake.data.token) : null;
      if (!credential || !registry.get(credential.eventId)) return next(new Error('unauthorized'));
      const refusal = security.sockets.admit(credential, socket);
      // The code is what the client's `connect_error` reads; `data` tells the person why. It is
      // told after the refusal delay (S62): a reconnect loop is slowed to one try a second.
      if (refusal) return answerLater(socket.conn, () => next(Object.assign(new Error(refusal.code), { data: { message: refusal.message } })));
      socket.data.credential = credential;
      next();
    } catch (err) {
      logger.error({ err }, 'handshake failed');
      next(new Error('internal'));
    }
  });

  io.on('connection', (socket) => {
    const { credential } = socket.data;
    const host = registry.get(credential.eventId);
    if (!host) return void socket.disconnect(true);
    security.sockets.watch(socket, credential);
    // Before anything is sent or awaited: a removal or a revocation from now on closes this socket (S4, S5).
    socket.join(gateRoom(host.eventId, credential.personId));
    // One that came between the handshake's lookup and the line above: the token is looked up again.
    const handshake = HandshakeAuthSchema.parse(socket.handshake.auth);
    auth.resolve(handshake.token).then(
      (still) => {
        if (!still) socket.disconnect(true);
        // Let in from the lobby meanwhile (S46): told so, as the admission's own notice would have.
        else if (credential.waiting && !still.waiting) {
          socket.emit('notice', { code: 'admitted', message: 'a moderator let you in' });
          socket.disconnect(true);
        }
      },
      (err: unknown) => logger.warn({ err, eventId: host.eventId }, 'the token could not be checked again'),
    );
    // In the lobby (S46): told so, and nothing else until admitted or declined, which reach it through its gate.
    if (credential.waiting) {
      socket.emit('notice', { code: 'waiting', message: 'you are in the lobby: a moderator will let you in' });
      return;
    }
    const broadcaster = forward(host);
    // Where this socket's replica started: `sync` never reaches back before it (older means a
    // snapshot), so a socket only ever receives entries applied while it, or the replica it resumes, was connected.
    let joinedAtSeq = Number.POSITIVE_INFINITY;
    const snapshots = new SnapshotPacer(security.options.snapshotIntervalMs);
    /** Into the event's rooms, from when every entry applied so far has gone out: what follows continues `seq`. */
    const joinRooms = (seq: number) => {
      const rooms = [roomOf(host.eventId), personRoom(host.eventId, credential.personId)];
      if (credential.role === 'stage') rooms.push(stageRoom(host.eventId));
      if (isStaff(credential.role)) rooms.push(staffRoom(host.eventId));
      if (credential.role === 'moderator') rooms.push(moderatorRoom(host.eventId));
      socket.join(rooms);
      // The room is told only of changes (Y1): a second tab or a reload changes no count.
      socket.emit('presence', presence.current(host.eventId));
      joinedAtSeq = seq;
      if (isStaff(credential.role)) {
        moderationCounts(host.eventId).then(
          (counts) => socket.emit('moderation', counts),
          (err: unknown) => logger.warn({ err, eventId: host.eventId }, 'the lobby counts could not be read'),
        );
      }
    };
    // Entries applied but not sent yet are in the snapshot: join once they are out.
    const startFromSnapshot = () =>
      broadcaster.whenSent(() => {
        if (!socket.connected) return;
        const snapshot = snapshotOf(host, credential);
        snapshots.sent();
        // The shared state's bytes into this socket's frame as they are (S40).
        emitPreEncoded(socket, 'snapshot', snapshot);
        joinRooms(host.state.seq);
      });
    /**
     * RC1: a replica that stood at `sinceSeq` gets the entries it missed, as `sync` would send
     * them, then joins. Entries applied while they were read are read too (a few times at most),
     * so the first live packet continues them; anything else starts from a snapshot.
     */
    const resume = async (sinceSeq: number, missed: Entry[] = [], tries = RESUME_TRIES): Promise<void> => {
      const from = sinceSeq + missed.length;
      const upTo = host.state.seq;
      try {
        missed.push(...host.project(await entriesAfter(host, ledger, from, upTo), audienceOf(credential)));
      } catch (err) {
        logger.warn({ err, eventId: host.eventId }, 'catch-up read failed, sending a snapshot');
        return startFromSnapshot();
      }
      broadcaster.whenSent((sent) => {
        if (!socket.connected) return;
        // What was applied while the ledger was read went out in the packet just sent, as the
        // room received it: continue with it rather than read again. Under a steady chat, with
        // a packet every few hundred ms, a read again nearly always found more (issue 14).
        const appliedSince = sent.filter((o) => o.entry.seq > upTo);
        const continues = appliedSince.every((o, i) => o.entry.seq === upTo + 1 + i);
        if (missed.length === upTo - sinceSeq && continues && host.state.seq === upTo + appliedSince.length) {
          for (const o of appliedSince) missed.push(asReceivedBy(o, credential.personId, credential.role === 'moderator'));
        } else if (host.state.seq !== upTo || missed.length !== upTo - sinceSeq) {
          return void (tries > 0 && missed.length === upTo - sinceSeq ? resume(sinceSeq, missed, tries - 1) : startFromSnapshot());
        }
        if (missed.length > 0) socket.emit('entries', { entries: missed });
        joinRooms(sinceSeq);
      });
    };
    const begin = async (sinceSeq: number | undefined): Promise<void> => {
      if (sinceSeq === undefined) return startFromSnapshot();
      // RC1: a replica that comes from a node further on (its node died a moment ahead of this
      // one) waits a moment for this node to apply what it already holds.
      const ahead = sinceSeq - host.state.seq;
      if (ahead > 0 && ahead <= SYNC_MAX_ENTRIES) await within(host.whenApplied(sinceSeq), RESUME_WAIT_MS);
      if (!socket.connected) return;
      if (mayResume(host, credential, sinceSeq)) return resume(sinceSeq);
      startFromSnapshot();
    };
    void begin(handshake.sinceSeq);
    presence.join(host.eventId, credential.role, credential.personId);
    socket.on('disconnect', () => {
      snapshots.stop();
      presence.leave(host.eventId, credential.role, credential.personId);
    });
    /** Answer a `sync` with a snapshot, paced (S41): at the socket's next turn, or `rate_limited`. */
    const replySnapshot = (reply: (value: ReplyOf<'sync'>) => void) => {
      const paced = snapshots.request(() => {
        if (socket.connected) reply({ ok: true, snapshot: snapshotOf(host, credential) });
      });
      if (!paced.ok) reply({ ok: false, error: slowDown(paced.retryAfterMs) });
    };

    socket.on('command', async (raw: unknown, ack: unknown) => {
      const reply = replier<'command'>(ack);
      try {
        const answer = await executeCommand(host, ledger, credential, raw, clock(), hooks, stateBudgetBytes);
        // The sender sees its entry before its ack, as every other client sees the entry.
        broadcaster.whenSent(() => reply(answer));
      } catch (err) {
        // A removal whose revocation the auth journal could not write: the store logged it once.
        if (err instanceof StoreWriteError) return void reply({ ok: false, error: STORE_UNAVAILABLE });
        logger.error({ err, eventId: host.eventId }, 'command failed');
        reply({ ok: false, error: INTERNAL });
      }
    });

    socket.on('sync', async (raw: unknown, ack: unknown) => {
      const reply = replier<'sync'>(ack);
      const parsed = SyncRequestSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: { code: 'bad_request', message: 'sync needs { sinceSeq }' } });
      const { sinceSeq } = parsed.data;
      const seq = host.state.seq;
      if (sinceSeq < joinedAtSeq || sinceSeq > seq || seq - sinceSeq > SYNC_MAX_ENTRIES) return replySnapshot(reply);
      try {
        reply({ ok: true, entries: host.project(await entriesAfter(host, ledger, sinceSeq, seq), audienceOf(credential)) });
      } catch (err) {
        logger.warn({ err }, 'sync read failed, sending a snapshot');
        replySnapshot(reply);
      }
    });

    socket.on('reaction', (raw: unknown, ack: unknown) => {
      const parsed = ReactionRequestSchema.safeParse(raw);
      const reply = replier<'reaction'>(ack);
      if (!parsed.success) return reply({ ok: false, error: { code: 'bad_request', message: 'unknown reaction' } });
      if (credential.role === 'stage') return reply({ ok: false, error: { code: 'forbidden', message: 'the stage display only watches' } });
      if (!react(host.eventId, credential.personId, parsed.data.kind)) {
        return reply({ ok: false, error: { code: 'rate_limited', message: 'slow down: a few reactions a second at most' } });
      }
      reply({ ok: true });
    });

    socket.on('clock.ping', (raw: unknown, ack: unknown) => {
      const parsed = PingRequestSchema.safeParse(raw);
      if (parsed.success) replier<'clock.ping'>(ack)({ clientSentAt: parsed.data.clientSentAt, serverAt: clock() });
    });
  });

  return {
    stop: () => {
      clearInterval(reactionsTimer);
      for (const broadcaster of broadcasters.values()) broadcaster.flush();
    },
  };
}
