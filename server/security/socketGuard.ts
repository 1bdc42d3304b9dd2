/**
 * The Socket.IO side of abuse limits. Before a handshake: the origin and the number of
 * connections from the address (`allowRequest`, no work done for a refused one). At the
 * handshake: a person recently disconnected for flooding waits. On every packet: the flood
 * guard per socket, then chat and hand limits per person and per address. A refused packet
 * is answered `rate_limited`; a socket that keeps sending after being told is disconnected,
 * so one noisy socket costs the node little and the others do not notice.
 */
import type { IncomingMessage } from 'node:http';
import type { CommandType } from '../../shared/protocol.ts';
import type { Credential } from '../auth/types.ts';
import type { Logger } from '../logger.ts';
import type { GavelServer, GavelSocket } from '../socketTypes.ts';
import type { ClientAddresses, OriginPolicy } from './network.ts';
import type { SecurityOptions } from './options.ts';
import { RateLimiter, slowDown, type Verdict } from './rateLimiter.ts';

type Limited = 'chat' | 'hand';

/** Commands limited per person and per address; a Map, so a hostile `type` like `__proto__` finds nothing. */
const LIMITED = new Map<string, Limited>([
  ['chat.send', 'chat'],
  ['queue.raise', 'hand'],
  ['queue.lower', 'hand'],
  ['queue.pointOfOrder', 'hand'],
] satisfies Array<[CommandType, Limited]>);

/** The part of an Engine.IO connection the guard needs. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

export class SocketGuard {
  private readonly connections = new Map<string, number>();
  /** People disconnected for flooding, until when (monotonic ms). */
  private readonly penalties = new Map<string, number>();
  private readonly perSocket: RateLimiter;
  private readonly perModeratorSocket: RateLimiter;
  private readonly strikes: RateLimiter;
  private readonly perPerson: Record<Limited, RateLimiter>;
  private readonly perAddress: Record<Limited, RateLimiter>;

  constructor(
    private readonly options: SecurityOptions,
    private readonly origins: OriginPolicy,
    private readonly addresses: ClientAddresses,
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {
    const { rates } = options;
    this.perSocket = new RateLimiter(rates.socket, now);
    this.perModeratorSocket = new RateLimiter(rates.moderatorSocket, now);
    this.strikes = new RateLimiter(rates.strikes, now);
    this.perPerson = { chat: new RateLimiter(rates.chatPerPerson, now), hand: new RateLimiter(rates.handPerPerson, now) };
    this.perAddress = { chat: new RateLimiter(rates.chatPerIp, now), hand: new RateLimiter(rates.handPerIp, now) };
  }

  /** Engine.IO's `allowRequest`: runs before a handshake does any work. */
  readonly allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    if (!this.origins.allows(req.headers.origin, this.addresses.hostsOf(req))) callback('origin not allowed', false);
    else if ((this.connections.get(this.addresses.keyOf(req)) ?? 0) >= this.options.maxConnectionsPerIp)
      callback('too many connections from this address', false);
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

  /** At the handshake: false while the person serves a flood penalty. */
  admit(credential: Credential): boolean {
    const key = personKey(credential);
    const until = this.penalties.get(key);
    if (until === undefined) return true;
    if (until > this.now()) return false;
    this.penalties.delete(key);
    return true;
  }

  /** Limit every packet this socket sends from now on. */
  watch(socket: GavelSocket, credential: Credential): void {
    const address = this.addresses.keyOf(socket.request);
    const person = personKey(credential);
    // Moderators run the event (a burst of chat announcements, a queue tidied quickly): only their own flood guard applies to them.
    const isModerator = credential.role === 'moderator';
    const flood = isModerator ? this.perModeratorSocket : this.perSocket;
    socket.use((packet, next) => {
      const event = packet[0];
      const payload: unknown = packet[1];
      const verdict = this.check(flood, socket.id, isModerator ? null : { person, address, event, payload });
      if (verdict.ok) return next();
      const ack: unknown = packet[packet.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error: slowDown(verdict.retryAfterMs) });
      if (!this.strikes.take(socket.id).ok) this.disconnectFlood(socket, credential);
    });
    socket.once('disconnect', () => {
      flood.delete(socket.id);
      this.strikes.delete(socket.id);
    });
  }

  private check(guard: RateLimiter, socketId: string, content: { person: string; address: string; event: string; payload: unknown } | null): Verdict {
    const flood = guard.take(socketId);
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
