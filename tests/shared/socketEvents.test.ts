/**
 * The typed Socket.IO contract (shared/socketEvents.ts): an emit of a wrong shape, either
 * way, does not compile. The checks are types, proved by `tsc --noEmit` (which covers
 * tests/): each `@ts-expect-error` fails the type check if the line below it compiles. The
 * functions are never called; no socket is opened.
 */
import type { Socket } from 'socket.io-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { GavelServer, GavelSocket } from '../../server/socketTypes.ts';
import type { Ack, PingReply, ReactionAck, SyncReply } from '../../shared/protocol.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socketEvents.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function serverEmits(io: GavelServer, socket: GavelSocket): void {
  io.to('event:e1').emit('presence', { counts: { moderator: 1, speaker: 0, participant: 3, noteTaker: 0, stage: 0 }, total: 4 });
  // @ts-expect-error a presence message carries its total
  io.to('event:e1').emit('presence', { counts: { moderator: 1, speaker: 0, participant: 3, noteTaker: 0, stage: 0 } });
  // @ts-expect-error a notice code is one of the known ones
  socket.emit('notice', { code: 'bye', message: 'gone' });
  // @ts-expect-error entries travel as a list under `entries`
  io.local.emit('entries', { entry: null });
  // @ts-expect-error no such server → client event
  io.emit('snapshots', {});
  // @ts-expect-error the heartbeat between nodes names its node
  io.serverSideEmit('gavel:presence', { events: {} });
}

function serverListens(socket: GavelSocket): void {
  // A handler may take what the client sent as `unknown` and parse it, as the node's do.
  socket.on('command', (_raw: unknown, _ack: unknown) => {});
  socket.on('command', (_packet, ack) => {
    ack({ ok: true, seq: 3 });
    // @ts-expect-error an applied command's ack carries its seq
    ack({ ok: true });
  });
  socket.on('clock.ping', (_request, ack) => {
    // @ts-expect-error the ping reply carries the server's time
    ack({ clientSentAt: 1 });
  });
  socket.data.credential.personId satisfies string;
}

async function clientEmits(socket: ClientSocket): Promise<void> {
  socket.emit('command', { type: 'queue.raise', payload: {} }, () => {});
  // @ts-expect-error an unknown command type
  socket.emit('command', { type: 'queue.jump', payload: {} }, () => {});
  // @ts-expect-error a chat message needs its text
  socket.emit('command', { id: 'abcdefgh', type: 'chat.send', payload: {} }, () => {});
  // @ts-expect-error sync asks from a seq, a number
  socket.emit('sync', { sinceSeq: 'latest' }, () => {});
  // @ts-expect-error an unknown reaction
  await socket.timeout(1000).emitWithAck('reaction', { kind: 'boo' });
  // socket.io-client types the answer only without `timeout()` (with it, the answer is `any`:
  // client/src/wire.ts checks each answer at run time anyway).
  expectTypeOf(await socket.emitWithAck('command', { type: 'floor.end', payload: {} })).toEqualTypeOf<Ack>();
  expectTypeOf(await socket.emitWithAck('sync', { sinceSeq: 0 })).toEqualTypeOf<SyncReply>();
  expectTypeOf(await socket.emitWithAck('reaction', { kind: 'heart' })).toEqualTypeOf<ReactionAck>();
  expectTypeOf(await socket.emitWithAck('clock.ping', { clientSentAt: 0 })).toEqualTypeOf<PingReply>();
}

function clientListens(socket: ClientSocket): void {
  socket.on('presence', ({ total }) => expectTypeOf(total).toEqualTypeOf<number>());
  // @ts-expect-error the snapshot's state is packed, not a string
  socket.on('snapshot', ({ state }: { state: string }) => state);
}

describe('socket events', () => {
  it('wrong shapes do not compile, on the server and on the client (checked by tsc --noEmit)', () => {
    expectTypeOf(serverEmits).toBeFunction();
    expectTypeOf(serverListens).toBeFunction();
    expectTypeOf(clientEmits).toBeFunction();
    expectTypeOf(clientListens).toBeFunction();
  });
});
