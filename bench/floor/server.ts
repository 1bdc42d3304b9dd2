/**
 * The floor: the cheapest server that gives clients what Gavel gives them, with the same
 * stack (Node, Express-free http, Socket.IO 4, websocket transport) and none of Gavel's work.
 * No ledger, no reducer, no validation, no auth: a registration is a map entry, a command
 * is wrapped as an entry (seq, time, the sender's profile as actor) and broadcast to the one
 * room at once, then acked. A join gets a snapshot of the same size as Gavel's (the JSON
 * file in FLOOR_SNAPSHOT, captured from Gavel in the same run). What the load benchmark
 * measures here is the cost of Socket.IO itself on this machine: the floor under Gavel.
 *
 *   PORT=0 FLOOR_SNAPSHOT=/tmp/snapshot.json npx tsx bench/floor/server.ts
 *
 * Entries go out in packets exactly as Gavel's do: `RoomBroadcaster` from server/sockets.ts,
 * the same interval for the same room size, the ack and a joiner's snapshot after the packet,
 * so the comparison prices Gavel's own work, not a batching policy. FLOOR_UNBATCHED=1 sends
 * one packet per entry instead: the plain broadcaster, to see what the batching buys.
 *
 * With FLOOR_REDIS_URL, several floor nodes share one Redis: broadcasts go through the
 * Socket.IO Redis adapter and seqs come from one INCR, the least any multi-node fan-out needs.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { Adapter } from 'socket.io-adapter';
import { broadcastIntervalMs, RoomBroadcaster } from '../../server/sockets.ts';

interface Actor {
  id: string;
  role: string;
  name: string;
  community: string;
  region: string;
  country: string;
  consent: boolean;
}

const ROOM = 'event';
const SYSTEM: Omit<Actor, 'consent'> = { id: 'system', role: 'system', name: 'Gavel', community: '', region: 'other', country: '' };

const snapshotState: Record<string, unknown> = process.env.FLOOR_SNAPSHOT
  ? JSON.parse(readFileSync(process.env.FLOOR_SNAPSHOT, 'utf8'))
  : { pad: 'x'.repeat(12_000) };
const people = new Map<string, Actor>();

const redisUrl = process.env.FLOOR_REDIS_URL;
const prefix = process.env.FLOOR_REDIS_PREFIX ?? 'floor:';
const redis = redisUrl ? new Redis(redisUrl) : null;
let localSeq = 0;
/** One counter for every node, as a ledger's seq would be. */
const nextSeq = async (): Promise<number> => (redis ? redis.incr(`${prefix}seq`) : ++localSeq);
/**
 * The last seq this node handed to its sockets: a joiner's snapshot says "up to here", as
 * Gavel's does. Every local fan-out (its own broadcasts and, with Redis, the other nodes')
 * goes through the in-memory adapter's `broadcast`, so that is where it is read.
 */
let headSeq = 0;
const localBroadcast = Adapter.prototype.broadcast;
Adapter.prototype.broadcast = function (this: Adapter, packet, opts) {
  const data = (packet as { data?: unknown[] }).data;
  const seq = (data?.[1] as { entries?: Array<{ seq: number }> } | undefined)?.entries?.at(-1)?.seq;
  if (data?.[0] === 'entries' && typeof seq === 'number') headSeq = Math.max(headSeq, seq);
  return localBroadcast.call(this, packet, opts);
};

const httpServer = createServer((req, res) => void handleHttp(req, res));
const io = new Server(httpServer, {
  serveClient: false,
  pingInterval: 10_000,
  pingTimeout: 8_000,
  maxHttpBufferSize: 64 * 1024,
  adapter: redis ? createAdapter(redis.duplicate(), redis.duplicate(), { key: `${prefix}socket.io` }) : undefined,
});

const unbatched = process.env.FLOOR_UNBATCHED === '1';
const broadcaster = new RoomBroadcaster<{ seq: number }>(
  (entries) => io.to(ROOM).emit('entries', { entries }),
  () => (unbatched ? 0 : broadcastIntervalMs(io.of('/').adapter.rooms.get(ROOM)?.size ?? 0)),
);

function broadcast(entry: { seq: number }): void {
  broadcaster.add([entry]);
}

async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    return void res.end(JSON.stringify({ memory: process.memoryUsage(), sockets: io.of('/').sockets.size }));
  }
  if (req.method === 'POST' && req.url?.endsWith('/register')) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = JSON.parse(body) as Omit<Actor, 'id' | 'role' | 'consent'> & { consentToBeNamed: boolean };
    const token = randomBytes(32).toString('base64url');
    const personId = `p_${randomBytes(9).toString('base64url')}`;
    people.set(token, {
      id: personId,
      role: 'participant',
      name: form.name,
      community: form.community,
      region: form.region,
      country: form.country,
      consent: form.consentToBeNamed,
    });
    // Gavel records each registration in the ledger (J1): the floor broadcasts an entry of the same shape.
    broadcast({
      seq: await nextSeq(),
      at: Date.now(),
      actor: SYSTEM,
      command: { type: 'people.join', payload: { personId, region: form.region, country: form.country } },
    } as never);
    res.writeHead(201, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ token, personId, eventId: 'floor' }));
  }
  res.writeHead(404).end();
}

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { token?: string; profile?: Omit<Actor, 'consent'> };
  const actor: Actor = people.get(auth.token ?? '') ?? { ...(auth.profile ?? SYSTEM), consent: true };
  broadcaster.whenSent(() => {
    if (!socket.connected) return;
    socket.join(ROOM);
    socket.emit('snapshot', { state: { ...snapshotState, seq: headSeq }, self: actor });
  });
  socket.on('command', async (command: unknown, ack: unknown) => {
    const seq = await nextSeq();
    broadcast({ seq, at: Date.now(), actor, command } as never);
    broadcaster.whenSent(() => typeof ack === 'function' && ack({ ok: true, seq }));
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`floor listening on ${(httpServer.address() as AddressInfo).port}`);
});

const stop = () => {
  io.close();
  redis?.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
