/**
 * The Socket.IO events of both directions as types, for `Server<…>` on the node and
 * `Socket<…>` in the browser, so an emit of a wrong shape does not compile. Every type comes
 * from the schemas in `protocol.ts`; nothing here is written twice.
 *
 * A client may send anything whatever these types say: the node still parses every request
 * with its schema, so its handlers take `unknown` (a handler of `unknown` fits any of the
 * signatures below). A request is typed as the schema's input, what a client writes before
 * the schema's defaults and trimming; an answer as its output, what the node built.
 */
import type { z } from 'zod';
import type {
  Ack,
  CommandPacketInput,
  HandshakeAuthSchema,
  PingReply,
  PingRequestSchema,
  ReactionAck,
  ReactionRequestSchema,
  ServerMessage,
  ServerMessageName,
  SyncReply,
  SyncRequestSchema,
} from './protocol.ts';

/** Server → client: one event per entry of `ServerMessages`, its payload that schema's output. */
export type ServerToClientEvents = { [N in ServerMessageName]: (message: ServerMessage<N>) => void };

/** Client → server: each request with the answer its ack carries. */
export interface ClientToServerEvents {
  /** A command with the id its sender chose; answered once applied, or refused (see `Ack`). */
  command: (packet: CommandPacketInput, ack: (answer: Ack) => void) => void;
  /** Entries after `sinceSeq`, or a snapshot when that is too far back: gap repair. */
  sync: (request: z.input<typeof SyncRequestSchema>, ack: (reply: SyncReply) => void) => void;
  reaction: (request: z.input<typeof ReactionRequestSchema>, ack: (answer: ReactionAck) => void) => void;
  'clock.ping': (request: z.input<typeof PingRequestSchema>, ack: (reply: PingReply) => void) => void;
}

export type ClientRequestName = keyof ClientToServerEvents;
/** What the ack of request `N` is called with. */
export type ReplyOf<N extends ClientRequestName> = Parameters<Parameters<ClientToServerEvents[N]>[1]>[0];

/** The handshake's `auth` object: the token of the person's link. */
export type HandshakeAuth = z.input<typeof HandshakeAuthSchema>;
