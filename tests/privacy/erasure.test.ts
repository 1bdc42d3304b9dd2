/**
 * Erasure is real (issue 12, point 5; SPEC ER1–ER4, S9, X2, X3): after a participant deletes
 * their registration, or a moderator deletes it on their request, no byte of their name,
 * community, country or organisation is left in DATA_DIR, in any Redis key, or in the export,
 * while a replay of the ledger still gives the state every screen showed, seq contiguous.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../shared/protocol.ts';
import { FORMER_PARTICIPANT } from '../../shared/reducer/people.ts';
import { OTHER_COUNTRIES } from '../../shared/reducer/registrations.ts';
import type { EventState } from '../../shared/state.ts';
import { canonicalJson, startCluster, whenReady } from '../server/cluster/cluster.ts';
import { TestClient } from '../support/client.ts';
import { type NodeProcess, startNode } from '../support/nodeProcess.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../support/redisServer.ts';
import { type Registered, registered } from '../support/register.ts';

const EVENT = 'diaspora-covid19';

/** Two people nobody else could be mistaken for: every field a string found nowhere else. */
const LEAVER: Partial<Registration> = {
  name: 'Zorblat Quindlewick',
  community: 'Vexhollow weavers',
  country: 'Ruritania',
  organisation: 'Obscurian Mutual Trust',
  region: 'europe',
  consentToBeNamed: true,
};
const ASKED: Partial<Registration> = {
  name: 'Marnix Ptolemaeus',
  community: 'Quillborne guild',
  country: 'Zembla',
  organisation: 'Halvorsen Ledgerworks',
  region: 'asia',
  consentToBeNamed: false,
};
const SECRETS = [LEAVER, ASKED].flatMap((form) => [form.name!, form.community!, form.country!, form.organisation!]);

/** Which secrets `bytes` holds, compared without case (a country is counted under a capitalised label). */
function secretsIn(bytes: Buffer | string): string[] {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('latin1')).toLowerCase();
  return SECRETS.filter((secret) => text.includes(secret.toLowerCase()));
}

/** Every file under `dir` that holds a secret, with the secrets it holds. */
function scanFiles(dir: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(found, scanFiles(path));
    else {
      const held = secretsIn(readFileSync(path));
      if (held.length) found[path] = held;
    }
  }
  return found;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What both people do before they leave: a hand, a turn, a chat message (pinned), a contribution. */
async function takePart(moderator: TestClient, client: TestClient, personId: string, topic: string): Promise<void> {
  await client.must('queue.raise', { topic });
  // Pinned (CP2): the pin holds a copy of the message and its author, which erasure must reach too.
  await moderator.must('chat.pin', { messageId: await client.must('chat.send', { text: `${topic}: a word from me` }) });
  await client.must('contributions.post', { kind: 'practice', title: `${topic} in practice`, text: 'Community kitchens reached 300 families' });
  await moderator.must('floor.give', { personId });
  await moderator.must('floor.end');
}

async function exportOf(url: string, moderatorToken: string): Promise<{ text: string; state: EventState; seqs: number[] }> {
  const res = await fetch(`${url}/api/events/${EVENT}/export.json`, { headers: bearer(moderatorToken) });
  expect(res.status).toBe(200);
  const text = await res.text();
  const body = JSON.parse(text) as { state: EventState; ledger: Array<{ seq: number }> };
  return { text, state: body.state, seqs: body.ledger.map((e) => e.seq) };
}

/** The two ways out: the person's own DELETE /api/me (S9), and a moderator's on their request (X2). */
async function eraseBoth(urls: { leaver: string; moderator: string }, leaver: Registered, asked: Registered, moderatorToken: string): Promise<void> {
  expect((await fetch(`${urls.leaver}/api/me`, { method: 'DELETE', headers: bearer(leaver.token) })).status).toBe(204);
  expect((await fetch(`${urls.moderator}/api/events/${EVENT}/people/${asked.personId}`, { method: 'DELETE', headers: bearer(moderatorToken) })).status).toBe(
    204,
  );
}

/** What every screen shows of them afterwards: "Former participant", their deeds kept. */
function expectFormer(state: EventState, personId: string, topic: string): void {
  const message = state.chat.messages.find((m) => m.text.startsWith(topic))!;
  expect(message.author).toMatchObject({ id: personId, name: FORMER_PARTICIPANT, community: '', country: '' });
  expect(state.contributions.items.find((c) => c.title.startsWith(topic))!.author.name).toBe(FORMER_PARTICIPANT);
  expect(state.floor.history.find((t) => t.person.id === personId)!.person.name).toBe(FORMER_PARTICIPANT);
  expect(state.registrations.byCountry[OTHER_COUNTRIES]).toBeGreaterThanOrEqual(1);
}

function expectContiguous(seqs: number[]): void {
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
}

describe('erasure on one node with the file ledger (ER1–ER4)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-erasure-'));
  const env = { DATA_DIR: dataDir, RATE_LIMIT_SCALE: '1000' };
  let node: NodeProcess | null = null;
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const client of clients) client.close();
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ER4: after both deletions no file under DATA_DIR and not the export holds their name, community, country or organisation; a restart replays to the same state, seq contiguous, them as "Former participant"', async () => {
    node = await startNode(env);
    const moderatorToken = node.tokens.get('moderator: Kemo Camara')!;
    const moderator = await TestClient.connect(node.url, moderatorToken);
    clients.push(moderator);
    await moderator.must('event.start');
    const leaver = await registered(node.url, EVENT, LEAVER);
    const asked = await registered(node.url, EVENT, ASKED);
    const others = await registered(node.url, EVENT, {
      name: 'Ordinary Person',
      community: 'Test diaspora',
      country: 'Belgium',
      region: 'africa',
      consentToBeNamed: true,
    });
    for (const [person, topic] of [
      [leaver, 'Leaver topic'],
      [asked, 'Asked topic'],
      [others, 'Other topic'],
    ] as const) {
      const client = await TestClient.connect(node.url, person.token);
      clients.push(client);
      await takePart(moderator, client, person.personId, topic);
    }
    // Before: the secrets are where they should be while the people are here.
    expect(secretsIn((await exportOf(node.url, moderatorToken)).text)).toEqual(SECRETS);

    await eraseBoth({ leaver: node.url, moderator: node.url }, leaver, asked, moderatorToken);

    const before = await exportOf(node.url, moderatorToken);
    expect(secretsIn(before.text)).toEqual([]);
    expectContiguous(before.seqs);
    await moderator.caughtUp(before.state.seq);
    // The public groups are counted by community on the node alone (B4); the rest is what the moderator's screen holds.
    expect(canonicalJson(moderator.state)).toBe(canonicalJson({ ...before.state, privacy: { k: before.state.privacy.k, groups: {} } }));
    expectFormer(before.state, leaver.personId, 'Leaver topic');
    expectFormer(before.state, asked.personId, 'Asked topic');
    expect(before.state.chat.messages.find((m) => m.text.startsWith('Other topic'))!.author.name).toBe('Ordinary Person');
    expect(scanFiles(dataDir)).toEqual({});

    // A restart replays the sealed ledger without the keys: the very same state.
    await node.stop();
    node = await startNode(env);
    const after = await exportOf(node.url, moderatorToken);
    expect(canonicalJson(after.state)).toBe(canonicalJson(before.state));
    expectContiguous(after.seqs);
    expect(after.seqs).toEqual(before.seqs);
    expect(secretsIn(after.text)).toEqual([]);
    expect(scanFiles(dataDir)).toEqual({});
  });
});

describe.skipIf(!hasRedisServer)('erasure on two nodes on Redis (ER1–ER4)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** Every key of the deployment, whatever its type, with the secrets its values hold. */
  async function scanRedis(prefix: string): Promise<Record<string, string[]>> {
    const client = new Redis(redis.url);
    const found: Record<string, string[]> = {};
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          const type = await client.type(key);
          const values: unknown =
            type === 'string'
              ? await client.get(key)
              : type === 'hash'
                ? await client.hgetall(key)
                : type === 'list'
                  ? await client.lrange(key, 0, -1)
                  : type === 'set'
                    ? await client.smembers(key)
                    : type === 'zset'
                      ? await client.zrange(key, 0, -1, 'WITHSCORES')
                      : type === 'stream'
                        ? await client.xrange(key, '-', '+')
                        : `unknown type ${type}`;
          const held = secretsIn(`${key} ${JSON.stringify(values)}`);
          if (held.length) found[key] = held;
        }
      } while (cursor !== '0');
    } finally {
      client.disconnect();
    }
    return found;
  }

  it('ER4: after both deletions, through either node, no Redis key holds their name, community, country or organisation (stream, snapshot, auth, command ids); both nodes and a new one hold the same state', async () => {
    const cluster = await startCluster(redis, 2);
    try {
      const [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
      const moderator = await cluster.connect(a.url, cluster.moderatorToken);
      await moderator.must('event.start');
      const leaver = await registered(a.url, EVENT, LEAVER);
      const asked = await registered(b.url, EVENT, ASKED);
      await takePart(moderator, await cluster.connect(b.url, leaver.token), leaver.personId, 'Leaver topic');
      await takePart(moderator, await cluster.connect(a.url, asked.token), asked.personId, 'Asked topic');
      // Past a snapshot (every 1,000 entries): one is stored while both are still named in the state.
      while ((await moderator.must('agenda.adjust', { deltaMs: 0 })) < 1_001);
      const snapshotKey = `${cluster.prefix}event:${EVENT}:snapshot`;
      const probe = new Redis(redis.url);
      try {
        for (let i = 0; !(await probe.hget(snapshotKey, 'seq')) && i < 100; i++) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(secretsIn(String(await probe.hget(snapshotKey, 'state')))).not.toEqual([]);
      } finally {
        probe.disconnect();
      }
      expect(Object.keys(await scanRedis(cluster.prefix)).length).toBeGreaterThan(0);

      await eraseBoth({ leaver: b.url, moderator: a.url }, leaver, asked, cluster.moderatorToken);

      expect(await scanRedis(cluster.prefix)).toEqual({});
      const exported = await exportOf(b.url, cluster.moderatorToken);
      expect(secretsIn(exported.text)).toEqual([]);
      expectContiguous(exported.seqs);
      expectFormer(exported.state, leaver.personId, 'Leaver topic');
      expectFormer(exported.state, asked.personId, 'Asked topic');

      // Every node, and one that starts now from the snapshot and the sealed stream, holds the same state.
      const c = await cluster.addNode();
      const seq = exported.state.seq;
      for (const node of [a, b, c]) {
        for (let i = 0; (await whenReady(node.opsUrl)).events[EVENT]!.seq < seq && i < 100; i++) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(canonicalJson((await exportOf(node.url, cluster.moderatorToken)).state)).toBe(canonicalJson(exported.state));
      }
      expect(await scanRedis(cluster.prefix)).toEqual({});
    } finally {
      await cluster.stop();
    }
  });
});
