/**
 * The socket: snapshot then entries into the shared EventReplica, `sync` from the last seq
 * on a gap or a reconnect, commands with acks (sent again with their id until answered;
 * errors become toasts with the server's message), the clock ping, presence and reactions.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, Command, CommandPacket, Entry, ReactionKind } from '../../shared/protocol.ts';
import { asDeleted } from '../../shared/reducer/chat.ts';
import { EventReplica } from '../../shared/replica.ts';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../shared/socketEvents.ts';
import type { ChatMessage } from '../../shared/state.ts';
import { unpackState } from '../../shared/table.ts';
import { addPingSample, resetPingSamples } from './clock.ts';
import { deliverCommand } from './delivery.ts';
import { describeRefusal, errorTitle, t } from './i18n/index.ts';
import { receiveReactions } from './reactions.ts';
import { storeToken } from './route.ts';
import { connection, eventState, lobby, moderation, olderChat, olderChatMore, presence, self, serverNotice, session, showToast } from './store.ts';
import { isAck, isEntries, isModeration, isNotice, isPingReply, isPresence, isReactionAck, isReactions, isSnapshot, isSyncReply } from './wire.ts';

const ACK_TIMEOUT_MS = 10_000;
/** After a reconnect, a command waiting to be sent again goes within this. */
const RECONNECT_SPREAD_MS = 500;
const PING_TIMEOUT_MS = 3_000;
const PINGS_ON_CONNECT = 5;
const PING_EVERY_MS = 20_000;

type EventSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: EventSocket | null = null;
let replica: EventReplica | null = null;
let pingTimer: ReturnType<typeof setInterval> | null = null;
/** Set while this tab deletes its own registration: the server's `deleted` notice is then expected, not news. */
let leaving = false;
/** The person has been told this tab waits for one of their other tabs to close. */
let tooManyShown = false;

function publish(): void {
  if (replica) eventState.value = replica.state;
}

/**
 * Deleting a message older than the state's window, or removing its author with everything
 * they posted (S50), also clears it from the pages already shown.
 */
function applyToOlderChat(entries: readonly Entry[]): void {
  const deleted = new Set<number>();
  const purged = new Set<string>();
  for (const e of entries) {
    if (e.command.type === 'chat.delete') deleted.add(e.command.payload.messageId);
    else if (e.command.type === 'people.remove' && e.command.payload.purge) purged.add(e.command.payload.personId);
  }
  const gone = (m: ChatMessage) => !m.deleted && (deleted.has(m.id) || purged.has(m.author.id));
  if (!olderChat.value.some(gone)) return;
  olderChat.value = olderChat.value.map((m) => (gone(m) ? asDeleted(m) : m));
}

async function requestSync(sinceSeq: number): Promise<void> {
  const s = socket;
  if (!s) return;
  const reply: unknown = await s
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('sync', { sinceSeq })
    .catch(() => null);
  if (!replica) return;
  if (!isSyncReply(reply) || !reply.ok) {
    replica.syncFailed();
    return;
  }
  if ('entries' in reply) {
    replica.receive(reply.entries, true);
    applyToOlderChat(reply.entries);
  } else {
    replica.reset(unpackState(reply.snapshot.state));
    self.value = reply.snapshot.self;
  }
  publish();
}

async function ping(): Promise<void> {
  const s = socket;
  if (!s?.connected) return;
  const clientSentAt = Date.now();
  const reply: unknown = await s
    .timeout(PING_TIMEOUT_MS)
    .emitWithAck('clock.ping', { clientSentAt })
    .catch(() => null);
  if (isPingReply(reply) && reply.clientSentAt === clientSentAt) addPingSample({ clientSentAt, serverAt: reply.serverAt, clientReceivedAt: Date.now() });
}

async function measureClock(): Promise<void> {
  for (let i = 0; i < PINGS_ON_CONNECT; i++) await ping();
}

export function connectToEvent(token: string): void {
  if (socket) return;
  connection.value = 'connecting';
  const s: EventSocket = io({
    // A reconnection says where the replica stands, and gets what it missed, or a snapshot (SPEC RC1).
    auth: (send) => send((replica ? { token, sinceSeq: replica.state.seq } : { token }) satisfies HandshakeAuth),
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  socket = s;

  s.on('connect', () => {
    connection.value = 'online';
    tooManyShown = false;
    serverNotice.value = null;
    resetPingSamples();
    void measureClock();
    pingTimer ??= setInterval(() => void ping(), PING_EVERY_MS);
  });

  s.on('disconnect', (reason) => {
    if (connection.value === 'closed' || connection.value === 'unauthorized') return;
    // S46: let in from the lobby; the server closed the waiting socket so that the next handshake gets the event: at once.
    if (lobby.value === 'admitted' && reason === 'io server disconnect') {
      connection.value = 'connecting';
      s.connect();
      return;
    }
    connection.value = 'reconnecting';
    // The server dropped us on purpose without a final notice (a restart): come back.
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 1000);
  });

  s.on('connect_error', (err) => {
    if (err.message === 'unauthorized') {
      connection.value = 'unauthorized';
      s.close();
      return;
    }
    connection.value = replica ? 'reconnecting' : 'connecting';
    // Already open in as many tabs as a person may hold (S41): say so once, and keep trying, as a closed tab frees a place.
    if (err.message === 'too_many_connections' && !tooManyShown) {
      tooManyShown = true;
      showToast({ tone: 'error', title: t('connection.tooManyConnections') });
    }
    // A refusal by the server's middleware is not retried by socket.io: retry it here.
    if (!s.active) setTimeout(() => s.connect(), 2000);
  });

  s.on('snapshot', (raw: unknown) => {
    if (!isSnapshot(raw)) return;
    self.value = raw.self;
    lobby.value = null;
    const state = unpackState(raw.state);
    if (replica) replica.reset(state);
    else replica = new EventReplica(state, (sinceSeq) => void requestSync(sinceSeq));
    publish();
  });

  s.on('entries', (raw: unknown) => {
    if (!isEntries(raw) || !replica) return;
    if (replica.receive(raw.entries)) publish();
    applyToOlderChat(raw.entries);
  });

  s.on('presence', (raw: unknown) => {
    if (isPresence(raw)) presence.value = { counts: raw.counts, total: raw.total };
  });

  s.on('moderation', (raw: unknown) => {
    if (isModeration(raw)) moderation.value = { waiting: raw.waiting, flagged: raw.flagged };
  });

  s.on('reactions', (raw: unknown) => {
    if (isReactions(raw)) receiveReactions(raw.counts);
  });

  s.on('notice', (raw: unknown) => {
    if (!isNotice(raw)) return;
    if (raw.code === 'throttled') {
      showToast({ tone: 'error', title: t('connection.throttled') });
      return;
    }
    if (raw.code === 'waiting' || raw.code === 'admitted') {
      lobby.value = raw.code;
      return;
    }
    if (raw.code === 'deleted' && leaving) {
      connection.value = 'closed';
      s.close();
      return;
    }
    serverNotice.value = { code: raw.code, message: raw.message, reason: raw.reason };
    if (raw.code === 'revoked' || raw.code === 'removed' || raw.code === 'deleted' || raw.code === 'declined') {
      lobby.value = null;
      connection.value = 'closed';
      s.close();
    }
    // The declined registration is erased (S46): a reload shows a fresh form, not "this link is no longer valid".
    if (raw.code === 'declined') {
      const current = session.value;
      if (current) storeToken(current.eventId, null);
    }
  });
}

export function disconnect(): void {
  socket?.close();
  socket = null;
  replica = null;
  if (pingTimer) clearInterval(pingTimer);
  pingTimer = null;
}

/** The registration of this tab is being deleted (true), or its deletion failed (false). */
export function expectLeaving(on: boolean): void {
  leaving = on;
}

/** Back to the welcome screen as a stranger: this browser forgets the token and the event (a deleted registration). */
export function leaveEvent(): void {
  leaving = false;
  const s = session.value;
  if (s) storeToken(s.eventId, null);
  disconnect();
  session.value = null;
  eventState.value = null;
  self.value = null;
  serverNotice.value = null;
  lobby.value = null;
  moderation.value = null;
  olderChat.value = [];
  olderChatMore.value = null;
  connection.value = 'idle';
}

const inFlight = new Map<string, Promise<Ack>>();

/** Refusals made up here (offline, a timeout): their message is already in the reader's words, unlike the server's. */
const madeHere = new WeakSet<object>();

function failed(code: 'unavailable' | 'internal', message: string): Ack {
  const error = { code, message };
  madeHere.add(error);
  return { ok: false, error };
}

/** One try: the server's answer, or `unavailable` when none came. */
function sendOnce(packet: CommandPacket): Promise<Ack> {
  const s = socket;
  if (!s?.connected) return Promise.resolve(failed('unavailable', t('error.offline')));
  // No answer within the timeout, or the connection lost first (socket.io then rejects the
  // ack at once): the command may or may not have arrived, and the retry, same id, settles it.
  return s
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('command', packet)
    .then(
      (raw: unknown) => (isAck(raw) ? raw : failed('internal', t('error.badReply'))),
      () => failed('unavailable', t('error.timeout')),
    );
}

/**
 * Wait before a retry. A connection coming back ends the wait: the command goes again soon
 * after, at a random moment within RECONNECT_SPREAD_MS, so a room that reconnects together
 * does not resend together.
 */
function waitToRetry(ms: number): Promise<void> {
  const s = socket;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      s?.off('connect', reconnected);
      resolve();
    };
    const reconnected = () => {
      clearTimeout(timer);
      timer = setTimeout(done, Math.random() * RECONNECT_SPREAD_MS);
    };
    let timer = setTimeout(done, ms);
    if (s && !s.connected) s.once('connect', reconnected);
  });
}

/**
 * Send a command and report a refusal to the person. The same command sent again while the
 * first is on its way is not sent twice: a double click on "give the floor to next" must
 * not skip a person. A command that gets no answer, or `unavailable`, is sent again with its
 * id for up to a minute (client/src/delivery.ts): it is applied once, and the person is
 * told only if it never got through.
 */
export function sendCommand(command: Command): Promise<Ack> {
  const key = JSON.stringify(command);
  const pending = inFlight.get(key);
  if (pending) return pending;
  const s = socket;
  const result = deliverCommand(command, {
    send: sendOnce,
    wait: waitToRetry,
    now: () => performance.now(),
    random: Math.random,
    // Left the event, or shut out of it (revoked, removed): nobody waits for this answer any more.
    abandoned: () => socket === null || socket !== s || connection.value === 'closed' || connection.value === 'unauthorized',
  });
  const reported = result.then((ack) => {
    if (!ack.ok)
      showToast(
        madeHere.has(ack.error)
          ? { tone: 'error', title: errorTitle(ack.error.code), detail: ack.error.message }
          : { tone: 'error', ...describeRefusal(ack.error) },
        9000,
      );
    return ack;
  });
  const settled = reported.finally(() => inFlight.delete(key));
  inFlight.set(key, settled);
  return settled;
}

/** Reactions are decoration: a refusal (rate limit) is not worth a toast. */
export function sendReaction(kind: ReactionKind): void {
  const s = socket;
  if (!s?.connected) return;
  void s
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('reaction', { kind })
    .then(isReactionAck, () => false);
}
