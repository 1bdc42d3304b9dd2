/**
 * The Socket.IO side of abuse limits. Before a handshake: the origin and the number of
 * connections from the address (`allowRequest`, no work done for a refused one). At the
 * handshake: a person recently disconnected for flooding waits, a person holds at most a few
 * sockets, and handshakes (each costs a snapshot) are limited per person and per address. On
 * every packet: the flood guard per person (all their sockets on this node: more sockets are
 * not more power), then the budget of the command's kind per person and per address. A
 * refused packet is answered `rate_limited`; a socket that keeps sending after being told is
 * disconnected, so one noisy person costs the node little and the others do not notice.
 */
import type { IncomingMessage } from 'node:http';
import type { CommandType } from '../../shared/protocol.ts';
import type { Credential } from '../auth/types.ts';
import type { Logger } from '../logger.ts';
import type { GavelServer, GavelSocket } from '../socketTypes.ts';
import type { ClientAddresses, OriginPolicy } from './network.ts';
import type { SecurityOptions } from './options.ts';
import { answerLater, RateLimiter, slowDown, type Verdict } from './rateLimiter.ts';

type Limited = 'chat' | 'hand' | 'write';

/**
 * Every command a participant may send that can append, and its budget (S42); a Map, so a
 * hostile `type` like `__proto__` finds nothing. Not `floor.end`: it ends the sender's own
 * turn, once per turn, and a refused one costs the node no more than a ping.
 */
const LIMITED = new Map<string, Limited>([
  ['chat.send', 'chat'],
  ['queue.raise', 'hand'],
  ['queue.lower', 'hand'],
  ['queue.pointOfOrder', 'hand'],
  ['contributions.post', 'write'],
  ['contributions.edit', 'write'],
  ['contributions.endorse', 'write'],
  ['notes.capture', 'write'],
  ['notes.edit', 'write'],
  ['notes.remove', 'write'],
  ['questions.ask', 'write'],
  ['questions.upvote', 'write'],
  ['proposals.vote', 'write'],
] satisfies Array<[CommandType, Limited]>);

/** Why a handshake is refused, as the client's `connect_error` reads it. */
export type HandshakeRefusal = { code: 'rate_limited' | 'too_many_connections'; message: string };

/** The part of an Engine.IO connection the guard needs. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

export class SocketGuard {
  private readonly connections = new Map<string, number>();
  /** People disconnected for flooding, until when (monotonic ms). */
  private readonly penalties = new Map<string, number>();
  /** Each person's open sockets on this node, by socket id. */
  private readonly socketsOf = new Map<string, Set<string>>();
  private readonly perPersonFlood: RateLimiter;
  private readonly perModeratorFlood: RateLimiter;
  private readonly strikes: RateLimiter;
  private readonly perPerson: Record<Limited, RateLimiter>;
  private readonly perAddress: Record<Limited, RateLimiter>;
  private readonly handshakes: { person: RateLimiter; address: RateLimiter };

  constructor(
    private readonly options: SecurityOptions,
    private readonly origins: OriginPolicy,
    private readonly addresses: ClientAddresses,
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {
    const { rates } = options;
    this.perPersonFlood = new RateLimiter(rates.socket, now);
    this.perModeratorFlood = new RateLimiter(rates.moderatorSocket, now);
    this.strikes = new RateLimiter(rates.strikes, now);
    this.perPerson = {
      chat: new RateLimiter(rates.chatPerPerson, now),
      hand: new RateLimiter(rates.handPerPerson, now),
      write: new RateLimiter(rates.writePerPerson, now),
    };
    this.perAddress = {
      chat: new RateLimiter(rates.chatPerIp, now),
      hand: new RateLimiter(rates.handPerIp, now),
      write: new RateLimiter(rates.writePerIp, now),
    };
    this.handshakes = { person: new RateLimiter(rates.handshakePerPerson, now), address: new RateLimiter(rates.handshakePerIp, now) };
  }

  /** Engine.IO's `allowRequest`: runs before a handshake does any work. */
  readonly allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    if (!this.origins.allows(req.headers.origin, this.addresses.hostsOf(req))) callback('origin not allowed', false);
    else if ((this.connections.get(this.addresses.keyOf(req)) ?? 0) >= this.options.maxConnectionsPerIp)
      answerLater(req.socket, () => callback('too many connections from this address', false));
    else callback(null, true);
  };

  /**
   * Count open connections per address. Engine.IO creates the connection in the same tick as
   * `allowRequest` lets it through, so a burst of handshakes cannot all slip under the limit.
   */
  countConnections(io: GavelServer): void {
    io.engine.on('connection', (connection: EngineConnection) => {
      const key = this.addresses.keyOf(connection.request);
      this.connections.set(key, (this.connections.get(key) ?? 0) + 1);
      connection.once('close', () => {
        const left = (this.connections.get(key) ?? 1) - 1;
        if (left > 0) this.connections.set(key, left);
        else this.connections.delete(key);
      });
    });
  }

  /**
   * At the handshake (S41): refused while the person serves a flood penalty, when they
   * already hold `maxSocketsPerPerson` sockets here, or past the handshake rates per person
   * and per address. An admitted socket holds its place until its connection closes.
   */
  admit(credential: Credential, socket: GavelSocket): HandshakeRefusal | null {
    const key = personKey(credential);
    const until = this.penalties.get(key);
    if (until !== undefined && until > this.now()) return { code: 'rate_limited', message: 'slow down: too many messages from this screen' };
    if (until !== undefined) this.penalties.delete(key);
    const open = this.socketsOf.get(key) ?? new Set<string>();
    if (open.size >= this.options.maxSocketsPerPerson) {
      return { code: 'too_many_connections', message: `already open in ${open.size} tabs or devices: close one to open this one` };
    }
    const handshake = this.handshakes.person.take(key);
    const verdict = handshake.ok ? this.handshakes.address.take(this.addresses.keyOf(socket.request)) : handshake;
    if (!verdict.ok) return { code: 'rate_limited', message: slowDown(verdict.retryAfterMs).message };
    open.add(socket.id);
    this.socketsOf.set(key, open);
    // The connection's close, not the socket's `disconnect`: it also comes for a handshake that never completes.
    socket.conn.once('close', () => {
      open.delete(socket.id);
      if (open.size === 0 && this.socketsOf.get(key) === open) this.socketsOf.delete(key);
    });
    return null;
  }

  /** Limit every packet this socket sends from now on. */
  watch(socket: GavelSocket, credential: Credential): void {
    const address = this.addresses.keyOf(socket.request);
    const person = personKey(credential);
    // Moderators run the event (a burst of chat announcements, a queue tidied quickly): only their own flood guard applies to them.
    const isModerator = credential.role === 'moderator';
    const flood = isModerator ? this.perModeratorFlood : this.perPersonFlood;
    socket.use((packet, next) => {
      const event = packet[0];
      const payload: unknown = packet[1];
      const verdict = this.check(flood, person, isModerator ? null : { person, address, event, payload });
      if (verdict.ok) return next();
      const ack: unknown = packet[packet.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error: slowDown(verdict.retryAfterMs) });
      if (!this.strikes.take(socket.id).ok) this.disconnectFlood(socket, credential);
    });
    // The person's flood bucket stays when a socket goes: reconnecting must not refill it (S42).
    socket.once('disconnect', () => this.strikes.delete(socket.id));
  }

  private check(guard: RateLimiter, person: string, content: { person: string; address: string; event: string; payload: unknown } | null): Verdict {
    const flood = guard.take(person);
    if (!flood.ok || content === null || content.event !== 'command') return flood;
    const type = typeof content.payload === 'object' && content.payload !== null ? (content.payload as { type?: unknown }).type : undefined;
    const limited = typeof type === 'string' ? LIMITED.get(type) : undefined;
    if (limited === undefined) return flood;
    const mine = this.perPerson[limited].take(content.person);
    return mine.ok ? this.perAddress[limited].take(content.address) : mine;
  }

  private disconnectFlood(socket: GavelSocket, credential: Credential): void {
    if (!socket.connected) return;
    const now = this.now();
    // Penalties of people who never came back would pile up: drop the served ones as new ones come.
    for (const [key, until] of this.penalties) if (until <= now) this.penalties.delete(key);
    this.penalties.set(personKey(credential), now + this.options.floodPenaltyMs);
    // No address in the log: it is personal data, and the person id is enough to act on.
    this.logger.warn({ eventId: credential.eventId, personId: credential.personId }, 'socket disconnected for flooding');
    const seconds = Math.ceil(this.options.floodPenaltyMs / 1000);
    socket.emit('notice', { code: 'throttled', message: `slow down: too many messages from this screen; reconnect in ${seconds} s` });
    socket.disconnect(true);
  }
}

function personKey(credential: Credential): string {
  return `${credential.eventId}\u0000${credential.personId}`;
}
