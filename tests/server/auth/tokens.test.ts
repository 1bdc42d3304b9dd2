/**
 * Tokens and links: opaque, random, stored hashed (S2); refused at the door once unknown or
 * revoked (S3); a moderator revokes and re-issues any link (S4) and removes a person (S5),
 * and that holds on every node.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../../server/auth/file.ts';
import { hashToken } from '../../../server/auth/types.ts';
import type { TestClient } from '../../support/client.ts';
import { projectedFor } from '../../support/projected.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { type Cluster, startCluster } from '../cluster/cluster.ts';
import { bearer, MODERATOR, registered, SPEAKER, templateWithEveryRole } from '../security/support.ts';

async function refusedAtHandshake(url: string, token: string): Promise<string> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('connect_error', (err) => resolve(err.message));
      socket.once('connect', () => reject(new Error('the handshake was accepted')));
    });
  } finally {
    socket.close();
  }
}

/** Resolves with the disconnect reason once the server has closed the client. */
function disconnected(client: TestClient): Promise<string> {
  return new Promise((resolve) => {
    if (client.socket.disconnected) return resolve('already');
    client.socket.once('disconnect', (reason) => resolve(reason));
  });
}

describe('tokens', () => {
  let server: TestServer;
  let modToken: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-tokens-'));

  beforeAll(async () => {
    server = await startServer({ auth: await FileAuthStore.open(dataDir), template: templateWithEveryRole('tokens') });
    modToken = server.tokenOf(MODERATOR);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('S2: tokens are opaque, 256 random bits in base64url, never twice the same', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 200; i++) tokens.add((await registered(server.url, server.eventId, { name: `Person ${i}` })).token);
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Opaque: nothing in a token repeats what it stands for.
    const one = [...tokens][0]!;
    expect(one).not.toContain(server.eventId);
    expect(Buffer.from(one, 'base64url')).toHaveLength(32);
  });

  it('S2: the auth store on disk holds the SHA-256 of each token, never the token', async () => {
    const { token } = await registered(server.url, server.eventId, { name: 'Hashed Only' });
    const journal = readFileSync(join(dataDir, 'auth.jsonl'), 'utf8');
    expect(journal).toContain(hashToken(token));
    expect(journal).not.toContain(token);
    expect(journal).not.toContain(modToken);
  });

  it('S3: a token nobody issued, a malformed one, or none is refused at the handshake and by the API', async () => {
    for (const token of ['A'.repeat(43), 'not a token', '', 'x'.repeat(5000)]) {
      expect(await refusedAtHandshake(server.url, token)).toBe('unauthorized');
    }
    expect((await fetch(`${server.url}/api/me`, { headers: bearer('A'.repeat(43)) })).status).toBe(401);
  });

  it('S4: a moderator revokes a link: the holder is told and disconnected on every tab, and the token is dead', async () => {
    const speakerToken = server.tokenOf(SPEAKER);
    const tabs = [await server.connect(speakerToken), await server.connect(speakerToken)];
    const gone = tabs.map(disconnected);
    const res = await fetch(`${server.url}/api/events/${server.eventId}/people/${SPEAKER}/revoke`, { method: 'POST', headers: bearer(modToken) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ revoked: 1 });
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const tab of tabs) expect(tab.notices.map((n) => n.code)).toEqual(['revoked']);
    expect(await refusedAtHandshake(server.url, speakerToken)).toBe('unauthorized');
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(speakerToken) })).status).toBe(401);
  });

  it('S4: a moderator re-issues a link: the old one is dead, the new one signs the same person in with the same role', async () => {
    const oldToken = server.tokenOf('niloufar-rahim');
    const open = await server.connect(oldToken);
    const gone = disconnected(open);
    const res = await fetch(`${server.url}/api/events/${server.eventId}/links/niloufar-rahim/reissue`, { method: 'POST', headers: bearer(modToken) });
    expect(res.status).toBe(201);
    const link = (await res.json()) as { personId: string; role: string; url: string };
    expect(link).toMatchObject({ personId: 'niloufar-rahim', role: 'speaker' });
    await gone;
    expect(await refusedAtHandshake(server.url, oldToken)).toBe('unauthorized');
    const newToken = new URL(link.url).hash.replace('#k=', '');
    expect(newToken).not.toBe(oldToken);
    const again = await server.connect(newToken);
    expect(again.self).toMatchObject({ id: 'niloufar-rahim', role: 'speaker', name: 'Niloufar Rahim' });
    // The organiser's link list shows the new link only.
    const links = (await (await fetch(`${server.url}/api/events/${server.eventId}/links`, { headers: bearer(modToken) })).json()) as {
      links: Array<{ personId: string; url: string }>;
    };
    expect(links.links.find((l) => l.personId === 'niloufar-rahim')!.url).toBe(link.url);
  });

  it('S4: only a moderator of this event revokes or re-issues, and only people of this event', async () => {
    const participant = await registered(server.url, server.eventId);
    const other = await server.app.registry.create(templateWithEveryRole('tokens-elsewhere'));
    const otherMod = other.links.find((l) => l.personId === MODERATOR)!.token;
    const path = `${server.url}/api/events/${server.eventId}`;
    expect((await fetch(`${path}/people/${MODERATOR}/revoke`, { method: 'POST', headers: bearer(participant.token) })).status).toBe(403);
    expect((await fetch(`${path}/people/${MODERATOR}/revoke`, { method: 'POST', headers: bearer(otherMod) })).status).toBe(403);
    expect((await fetch(`${path}/links/${MODERATOR}/reissue`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${path}/people/p_nobody/revoke`, { method: 'POST', headers: bearer(modToken) })).status).toBe(404);
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(modToken) })).status).toBe(200);
  });

  it('S5: a moderator removes a participant: their hands go on every screen, they are told why, and the old token cannot rejoin', async () => {
    const moderator = await server.connect(modToken);
    const watcher = await server.connect((await registered(server.url, server.eventId, { name: 'Watcher' })).token);
    const troll = await registered(server.url, server.eventId, { name: 'Troll' });
    const trollTabs = [await server.connect(troll.token), await server.connect(troll.token)];
    await trollTabs[0]!.must('queue.raise', { topic: 'spam' });
    await trollTabs[1]!.must('queue.pointOfOrder', { note: 'more spam' });
    const gone = trollTabs.map(disconnected);

    const seq = await moderator.must('people.remove', { personId: troll.personId, reason: 'repeated spam' });
    await Promise.all(gone);
    for (const tab of trollTabs)
      expect(tab.notices).toEqual([{ code: 'removed', message: 'a moderator removed you from the event: repeated spam', reason: 'repeated spam' }]);
    await Promise.all([moderator.caughtUp(seq), watcher.caughtUp(seq)]);
    const host = server.app.registry.get(server.eventId)!;
    expect(host.state.queue.hands.some((h) => h.person.id === troll.personId)).toBe(false);
    expect(watcher.state).toEqual(projectedFor(host, watcher));
    expect(moderator.state).toEqual(projectedFor(host, moderator));

    expect(await refusedAtHandshake(server.url, troll.token)).toBe('unauthorized');
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(troll.token) })).status).toBe(401);
  });

  it('S5: a moderator cannot be removed, nor someone who is not in the event', async () => {
    const moderator = await server.connect(modToken);
    expect(await moderator.send('people.remove', { personId: MODERATOR, reason: '' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await moderator.send('people.remove', { personId: 'p_nobody', reason: '' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(modToken) })).status).toBe(200);
  });
});

describe.skipIf(!hasRedisServer)('S4, S5 on two nodes sharing one Redis', () => {
  let redis: RedisServer;
  let cluster: Cluster;

  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startCluster(redis, 2);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  it('S4: a link revoked through one node disconnects its holder on the other node at once', async () => {
    const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
    const person = await cluster.register(a);
    const onB = await cluster.connect(b, person.token);
    const gone = disconnected(onB);
    const res = await fetch(`${a}/api/events/diaspora-covid19/people/${person.personId}/revoke`, { method: 'POST', headers: bearer(cluster.moderatorToken) });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(await refusedAtHandshake(b, person.token)).toBe('unauthorized');
  });

  it('S5: a person removed by a moderator on one node loses their hand and their socket on the other', async () => {
    const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
    const moderator = await cluster.connect(a, cluster.moderatorToken);
    const person = await cluster.register(b);
    const onB = await cluster.connect(b, person.token);
    await onB.must('queue.raise', {});
    const gone = disconnected(onB);
    const seq = await moderator.must('people.remove', { personId: person.personId, reason: 'spam' });
    expect(await gone).toBe('io server disconnect');
    const watcherOnB = await cluster.connect(b, cluster.tokens.get('stage: Stage display')!);
    await watcherOnB.caughtUp(seq);
    expect(watcherOnB.state.queue.hands.some((h) => h.person.id === person.personId)).toBe(false);
    expect(await refusedAtHandshake(a, person.token)).toBe('unauthorized');
  });
});
