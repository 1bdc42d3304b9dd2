/**
 * Issue 13.6: a removed person walks straight back in. Through a real node and real sockets,
 * with its memory, file and Redis auth stores: a removal blocks the network the person
 * registered from (S44), a moderator lifts the block (S45), the lobby holds registrations until
 * the staff admits them (S46), and a registration from a removed or muted person's network is
 * flagged (S47). Clients come from their own addresses through a trusted proxy (X-Forwarded-For).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../server/auth/file.ts';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { RedisAuthStore } from '../../server/auth/redis.ts';
import type { AuthStore } from '../../server/auth/types.ts';
import type { BlocksView, FlagsView, LobbyPage, MyRegistration, PublicEvent, Registered } from '../../shared/api.ts';
import type { ServerMessage } from '../../shared/protocol.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socketEvents.ts';
import { MODERATOR, NOTE_TAKER } from '../server/security/support.ts';
import type { TestClient } from '../support/client.ts';
import { type Node, startNode } from '../support/lobbyNode.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../support/redisServer.ts';
import type { TestServer } from '../support/server.ts';

type Stores = { name: string; open: () => Promise<AuthStore> };

const dirs: string[] = [];
let redis: RedisServer | null = null;
function storesToRun(): Stores[] {
  const list: Stores[] = [
    { name: 'memory', open: async () => new MemoryAuthStore() },
    {
      name: 'file',
      open: () => {
        const dir = mkdtempSync(join(tmpdir(), 'gavel-lobby-'));
        dirs.push(dir);
        return FileAuthStore.open(dir);
      },
    },
  ];
  if (hasRedisServer || process.env.CI === 'true') {
    list.push({
      name: 'Redis',
      open: async () => {
        redis ??= await startRedisServer();
        return RedisAuthStore.open({ url: redis.url, prefix: redis.freshPrefix() });
      },
    });
  }
  return list;
}

afterAll(async () => {
  await redis?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A waiting socket: it never gets a snapshot, so it is a raw socket that records what it hears. */
interface Listener {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  notices: Array<ServerMessage<'notice'>>;
  snapshots: number;
  connected: Promise<void>;
  disconnected: Promise<void>;
}

function listen(url: string, token: string): Listener {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const listener: Listener = {
    socket,
    notices: [],
    snapshots: 0,
    connected: new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    }),
    disconnected: new Promise((resolve) => socket.once('disconnect', () => resolve())),
  };
  socket.on('notice', (n) => listener.notices.push(n));
  socket.on('snapshot', () => listener.snapshots++);
  return listener;
}

async function eventually(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(storesToRun())('issue 13.6 with the $name auth store', ({ open }) => {
  let server: TestServer;
  let moderator: TestClient;
  const listeners: Listener[] = [];

  let node: Node;
  async function start(): Promise<void> {
    node = await startNode(await open(), 'lobby');
    ({ server, moderator } = node);
  }
  afterEach(async () => {
    for (const l of listeners.splice(0)) l.socket.close();
    await server?.close();
  });

  const api = (path: string, token: string, init?: { method?: string; body?: unknown }) => node.api(path, token, init);
  const asModerator = (path: string, init?: { method?: string; body?: unknown }) => node.asModerator(path, init);
  /** Register from `address` (a trusted proxy forwards it); the answer as it came. */
  const registerFrom = (address: string, form = {}) => node.registerFrom(address, form);
  const registeredFrom = (address: string, form = {}): Promise<Registered> => node.registeredFrom(address, form);
  const setLobby = (lobby: boolean) => node.setLobby(lobby);
  const lobbyPage = async (token = server.tokenOf(MODERATOR)) => (await (await api('/lobby', token)).json()) as LobbyPage;
  const removeInChat = async (personId: string, reason: string) => {
    await moderator.caughtUp(await moderator.must('people.remove', { personId, reason }));
  };

  it('S46: the lobby holds a registration: the socket hears only "waiting", the figures do not count it, the staff sees its details and lets it in', async () => {
    await start();
    expect(await setLobby(true)).toMatchObject({ lobby: true });
    expect(((await (await fetch(`${server.url}/api/events/${server.eventId}`)).json()) as PublicEvent).registration.lobby).toBe(true);
    const before = moderator.state.registrations.total;

    const amina = await registeredFrom('198.51.100.10', { name: 'Amina D.', community: 'Senegalese diaspora', country: 'France', organisation: 'ADS' });
    expect(amina.waiting).toBe(true);
    // The staff's counts arrive by themselves; the list has the form's details.
    await moderator.until(() => moderator.moderation?.waiting === 1);
    const page = await lobbyPage();
    expect(page.total).toBe(1);
    expect(page.people[0]).toMatchObject({
      personId: amina.personId,
      name: 'Amina D.',
      community: 'Senegalese diaspora',
      country: 'France',
      organisation: 'ADS',
      flag: null,
    });
    // Note-takers admit too; a participant may not even look.
    expect((await lobbyPage(server.tokenOf(NOTE_TAKER))).total).toBe(1);
    const other = await registeredFrom('198.51.100.11');
    expect((await api('/lobby', other.token)).status).toBe(403);

    // Waiting: the socket is told, and gets nothing of the event; REST answers `waiting` except for /api/me.
    const waiting = listen(server.url, amina.token);
    listeners.push(waiting);
    await waiting.connected;
    await eventually(() => waiting.notices.some((n) => n.code === 'waiting'), 'the waiting notice');
    const chat = await api('/chat', amina.token);
    expect(chat.status).toBe(403);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe('waiting');
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${amina.token}` } })).json()) as MyRegistration;
    expect(me).toMatchObject({ personId: amina.personId, waiting: true });
    expect(moderator.state.registrations.total).toBe(before);
    expect(moderator.presence?.counts.participant ?? 0).toBe(0);

    // Admitted: counted, told, closed; the next handshake is in.
    expect(await (await asModerator('/lobby/admit', { method: 'POST', body: { personIds: [amina.personId, 'p_nobody'] } })).json()).toEqual({ admitted: 1 });
    await waiting.disconnected;
    expect(waiting.notices.map((n) => n.code)).toEqual(['waiting', 'admitted']);
    expect(waiting.snapshots).toBe(0);
    await moderator.until(() => moderator.state.registrations.total === before + 1);
    const inside = await server.connect(amina.token);
    expect(inside.self?.name).toBe('Amina D.');
    expect((await api('/chat', amina.token)).status).toBe(200);
    // Admitting again changes nothing.
    expect(await (await asModerator('/lobby/admit', { method: 'POST', body: { personIds: [amina.personId] } })).json()).toEqual({ admitted: 0 });
    await moderator.until(() => moderator.moderation?.waiting === 1); // `other` still waits
  });

  it('S46: a declined registration is erased and told so; "admit all" and turning the lobby off let everyone waiting in', async () => {
    await start();
    await setLobby(true);
    const declined = await registeredFrom('198.51.100.20');
    const listener = listen(server.url, declined.token);
    listeners.push(listener);
    await listener.connected;
    expect((await asModerator('/lobby/decline', { method: 'POST', body: { personId: declined.personId } })).status).toBe(204);
    await listener.disconnected;
    expect(listener.notices.at(-1)?.code).toBe('declined');
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${declined.token}` } })).status).toBe(401);
    expect((await asModerator('/lobby/decline', { method: 'POST', body: { personId: declined.personId } })).status).toBe(404);
    expect((await asModerator('/lobby/decline', { method: 'POST', body: { personId: 42 } })).status).toBe(400);

    const before = moderator.state.registrations.total;
    // More than are admitted at once (25).
    const crowd = await Promise.all(Array.from({ length: 60 }, (_, i) => registeredFrom(`198.51.101.${i + 1}`)));
    await moderator.until(() => moderator.moderation?.waiting === 60);
    expect(await (await asModerator('/lobby/admit', { method: 'POST', body: { all: true } })).json()).toEqual({ admitted: 60 });
    await moderator.until(() => moderator.state.registrations.total === before + 60 && moderator.moderation?.waiting === 0);
    for (const { token } of crowd) expect((await api('/chat', token)).status).toBe(200);

    const c = await registeredFrom('198.51.100.23');
    expect(c.waiting).toBe(true);
    expect(await setLobby(false)).toMatchObject({ lobby: false });
    expect((await lobbyPage()).total).toBe(0);
    expect((await api('/chat', c.token)).status).toBe(200);
    expect((await registeredFrom('198.51.100.24')).waiting).toBe(false);
    await moderator.until(() => moderator.state.registrations.total === before + 62);
  });

  it('S46: someone deleting their registration while they wait leaves nothing, in the ledger or the lobby', async () => {
    await start();
    await setLobby(true);
    const gone = await registeredFrom('198.51.100.30');
    const seq = moderator.state.seq;
    expect((await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${gone.token}` } })).status).toBe(204);
    expect((await lobbyPage()).total).toBe(0);
    expect(server.app.registry.get(server.eventId)!.state.seq).toBe(seq);
  });

  it('S44, S45: a removal blocks the network the person registered from (an IPv6 /64 as one), not others; a moderator lifts it, and it still flags', async () => {
    await start();
    const troll = await registeredFrom('203.0.113.5', { name: 'Besim' });
    const troll6 = await registeredFrom('2001:db8:1:2::1', { name: 'Other troll' });
    const neighbour = await registeredFrom('203.0.113.5', { name: 'Same office' });
    await removeInChat(troll.personId, 'Spam');
    await removeInChat(troll6.personId, '');

    const blocked = await registerFrom('203.0.113.5', { name: 'Besa K.' });
    expect(blocked.status).toBe(403);
    const error = ((await blocked.json()) as { error: { code: string; message: string } }).error;
    expect(error).toMatchObject({ code: 'blocked' });
    expect(error.message).toMatch(/network are blocked/);
    expect((await registerFrom('2001:db8:1:2:ffff::9')).status).toBe(403);
    expect((await registerFrom('2001:db8:1:3::1')).status).toBe(201);
    expect((await registerFrom('203.0.113.6')).status).toBe(201);
    // Someone already in from that network is not touched.
    expect((await api('/chat', neighbour.token)).status).toBe(200);

    const blocks = (await (await asModerator('/blocks')).json()) as BlocksView;
    expect(blocks.blocks.map(({ personId, name, reason }) => ({ personId, name, reason }))).toEqual([
      { personId: troll6.personId, name: 'Other troll', reason: '' },
      { personId: troll.personId, name: 'Besim', reason: 'Spam' },
    ]);
    // Never the address, nor its tag, in what the moderator reads.
    expect(JSON.stringify(blocks)).not.toMatch(/203\.0\.113|network/);
    expect((await api('/blocks', server.tokenOf(NOTE_TAKER))).status).toBe(403);

    expect((await asModerator(`/blocks/${troll.personId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await asModerator(`/blocks/${troll.personId}`, { method: 'DELETE' })).status).toBe(404);
    const back = await registeredFrom('203.0.113.5', { name: 'Besa K.' });
    await moderator.until(() => moderator.moderation?.flagged === 1);
    const flags = (await (await asModerator('/flags')).json()) as FlagsView;
    expect(flags.people).toHaveLength(1);
    expect(flags.people[0]).toMatchObject({
      personId: back.personId,
      name: 'Besa K.',
      flag: { why: 'removed', like: { personId: troll.personId, name: 'Besim' } },
    });
    expect(JSON.stringify(flags)).not.toMatch(/203\.0\.113/);
  });

  it('S44: the node’s own machine is nobody’s network: behind an untrusted proxy, a removal blocks and flags no one', async () => {
    await start();
    const local = await server.register(); // no X-Forwarded-For: the peer, 127.0.0.1
    await removeInChat(local.personId, 'Spam');
    const next = await server.register();
    expect((await api('/chat', next.token)).status).toBe(200);
    expect(((await (await asModerator('/flags')).json()) as FlagsView).people).toEqual([]);
  });

  it('S47: a registration from a muted person’s network is flagged, in the lobby too; after the unmute it is not', async () => {
    await start();
    const loud = await registeredFrom('192.0.2.40', { name: 'Loud' });
    await moderator.caughtUp(await moderator.must('chat.mute', { personId: loud.personId, muted: true }));
    await setLobby(true);
    const next = await registeredFrom('192.0.2.40', { name: 'Loud again' });
    await moderator.until(() => moderator.moderation?.flagged === 1 && moderator.moderation.waiting === 1);
    expect((await lobbyPage()).people[0]?.flag).toEqual({ why: 'muted', like: { personId: loud.personId, name: 'Loud' } });
    expect((await (await asModerator('/flags')).json()) as FlagsView).toMatchObject({ people: [{ personId: next.personId }] });

    await moderator.caughtUp(await moderator.must('chat.mute', { personId: loud.personId, muted: false }));
    await registeredFrom('192.0.2.40', { name: 'Fine now' });
    const waiting = await lobbyPage();
    expect(waiting.people.map((p) => [p.name, p.flag?.why ?? null])).toEqual([
      ['Loud again', 'muted'],
      ['Fine now', null],
    ]);
  });
});
