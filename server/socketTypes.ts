/**
 * The node's Socket.IO types: the wire events of `shared/socketEvents.ts`, what nodes tell
 * each other through the Redis adapter, and what a socket carries once its handshake passed
 * (never sent anywhere, so it stays on the server).
 */
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { PresenceCountsSchema } from '../shared/protocol.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/socketEvents.ts';
import type { Credential } from './auth/types.ts';

/** The event name of presence heartbeats between nodes (`server/presence.ts`). */
export const PRESENCE_HEARTBEAT = 'gavel:presence';

/** One node's presence counts per event; parsed on arrival, as another node's message is input too. */
export const HeartbeatSchema = z.object({ node: z.string().min(1).max(64), events: z.record(z.string().max(64), PresenceCountsSchema) });
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

export interface InterServerEvents {
  [PRESENCE_HEARTBEAT]: (heartbeat: Heartbeat) => void;
}

/** Set by the handshake middleware (`server/sockets.ts`) before the connection is accepted. */
export interface SocketData {
  credential: Credential;
}

export type GavelServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GavelSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
