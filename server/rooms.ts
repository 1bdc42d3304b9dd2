/**
 * The Socket.IO rooms of an event: every socket of the event joins its event room and its
 * person's room. Rooms reach every node (through the Redis adapter when there are several),
 * so the socket wiring and the people code both address sockets through them.
 */
import type { ServerMessage } from '../shared/protocol.ts';
import type { GavelServer } from './socketTypes.ts';

export function roomOf(eventId: string): string {
  return `event:${eventId}`;
}

/** The stage display's sockets: they receive what the public may see (S17). */
export function stageRoom(eventId: string): string {
  return `stage:${eventId}`;
}

/** Moderators' and note-takers' sockets: they admit people and see flags (S46, S47). */
export function staffRoom(eventId: string): string {
  return `staff:${eventId}`;
}

/** Moderators' sockets: they receive every question as it is, held or anonymous (B11). */
export function moderatorRoom(eventId: string): string {
  return `moderators:${eventId}`;
}

/**
 * Every socket of a person from the moment it connects, before it is sent anything: what closes
 * a person's sockets (a revocation, a removal, the lobby's answer) goes here, so a socket still
 * catching up cannot miss it. Nothing of the event is sent to it.
 */
export function gateRoom(eventId: string, personId: string): string {
  return `gate:${eventId}:${personId}`;
}

export function personRoom(eventId: string, personId: string): string {
  return `person:${eventId}:${personId}`;
}

export type Notice = ServerMessage<'notice'>;

/** Tell a person's sockets on every node why they are going, then disconnect them. */
export type Eject = (eventId: string, personId: string, notice: Notice) => void;

/**
 * Over the Redis adapter the notice and the disconnect travel separately; a socket that loses
 * the notice still learns at its reconnect, which its revoked token fails with `unauthorized`.
 */
export function ejectFrom(io: GavelServer): Eject {
  return (eventId, personId, notice) => {
    const room = gateRoom(eventId, personId);
    io.to(room).emit('notice', notice);
    io.in(room).disconnectSockets(true);
  };
}

/** Tell the staff's sockets on every node how many wait in the lobby and how many are flagged (S46, S47). */
export type TellStaff = (eventId: string, counts: ServerMessage<'moderation'>) => void;

export function tellStaffFrom(io: GavelServer): TellStaff {
  return (eventId, counts) => void io.to(staffRoom(eventId)).emit('moderation', counts);
}
