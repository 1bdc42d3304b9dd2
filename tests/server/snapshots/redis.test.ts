/**
 * Snapshots: a node that starts late begins from the latest stored state instead of entry 1,
 * holds the very same state, and still serves the whole chat history.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type GavelApp } from '../../../server/app.ts';
import { openRedisStores, type RedisStores } from '../../../server/cluster/index.ts';
import type { EventHost } from '../../../server/eventHost.ts';
import { silentLogger } from '../../../server/logger.ts';
import { stateDigest } from '../../../server/ops/digest.ts';
import { RedisSnapshots, snapshotKey } from '../../../server/snapshots/redis.ts';
import { EVERYONE } from '../../../shared/projection.ts';
import type { Actor } from '../../../shared/protocol.ts';
import type { ChatMessage } from '../../../shared/state.ts';
import { DEFAULT_TEMPLATE } from '../../../shared/template.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';

const MODERATOR: Actor = { id: 'kemo-camara', role: 'moderator', name: 'Kemo Camara', community: 'African diaspora', region: 'africa', country: '' };

/** Every chat message a host can page through, oldest first. */
function wholeHistory(host: EventHost): ChatMessage[] {
  const pages: ChatMessage[][] = [];
  for (let before = Number.MAX_SAFE_INTEGER; ; ) {
    const { messages, more } = host.chatPage(before, 200, EVERYONE);
    pages.unshift(messages);
    if (!more || messages.length === 0) break;
    before = messages[0]!.id;
  }
  return pages.flat();
}

describe.skipIf(!hasRedisServer)('snapshots', () => {
  let redis: RedisServer;
  const opened: Array<{ stores: RedisStores; app: GavelApp }> = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const { stores, app } of opened) {
      await app.close();
      await stores.close();
    }
    await redis?.stop();
  });

  async function node(prefix: string, beforeApp?: (stores: RedisStores) => void): Promise<{ stores: RedisStores; app: GavelApp }> {
    const stores = await openRedisStores({ url: redis.url, prefix, logger: silentLogger, snapshotEvery: 100 });
    beforeApp?.(stores);
    const app = await createApp({ ledger: stores.ledger, auth: stores.auth, links: stores.links, cluster: stores.cluster });
    opened.push({ stores, app });
    return { stores, app };
  }

  it('SN1: a late node starts from the latest snapshot, holds the same bytes, and still serves every chat page, deletions included', async () => {
    const prefix = redis.freshPrefix();
    const first = await node(prefix);
    const { eventId } = await first.app.registry.create(DEFAULT_TEMPLATE);
    const hostA = first.app.registry.get(eventId)!;
    const say = (text: string) => first.stores.ledger.append(eventId, { actor: MODERATOR, command: { type: 'chat.send', payload: { text } } });
    const early = await say('an early message, deleted later');
    for (let i = 0; i < 450; i++) await say(`message ${i}`);
    await first.stores.ledger.append(eventId, { actor: MODERATOR, command: { type: 'chat.delete', payload: { messageId: early.seq + 1 } } });
    await hostA.whenApplied(await first.stores.ledger.head(eventId));
    const snapshot = await first.stores.cluster.snapshots.latest(eventId);
    expect(snapshot?.seq).toBeGreaterThanOrEqual(400);
    // After the snapshot: a delete of a message older than the chat window, which the late node
    // meets in its tail before it has rebuilt the older history.
    const last = await first.stores.ledger.append(eventId, { actor: MODERATOR, command: { type: 'chat.delete', payload: { messageId: early.seq } } });
    await hostA.whenApplied(last.seq);

    const tailedFrom: number[] = [];
    const late = await node(prefix, (stores) => {
      const tail = stores.ledger.tail.bind(stores.ledger);
      vi.spyOn(stores.ledger, 'tail').mockImplementation((id, afterSeq, onEntries) => {
        tailedFrom.push(afterSeq);
        return tail(id, afterSeq, onEntries);
      });
    });
    const hostB = late.app.registry.get(eventId)!;
    expect(tailedFrom).toEqual([snapshot!.seq]);
    expect(stateDigest(hostB.state)).toBe(stateDigest(hostA.state));

    await hostB.chatHistory;
    const history = wholeHistory(hostB);
    expect(history).toEqual(wholeHistory(hostA));
    expect(history).toHaveLength(451);
    expect(history.slice(0, 2).map((m) => m.deleted)).toEqual([true, true]);
  }, 60_000);

  it('SN2: a snapshot this version cannot read is ignored with a warning, and the node replays from the start', async () => {
    const prefix = redis.freshPrefix();
    const first = await node(prefix);
    const { eventId } = await first.app.registry.create(DEFAULT_TEMPLATE);
    const connection = first.stores.ledger.redis;
    await connection.hset(snapshotKey(prefix, eventId), 'seq', '1', 'state', JSON.stringify({ eventId, seq: 1, shape: 'from another version' }));
    const warnings: string[] = [];
    const snapshots = new RedisSnapshots({ redis: connection, prefix, ledger: first.stores.ledger, onWarning: (message) => warnings.push(message) });
    expect(await snapshots.latest(eventId)).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/not a valid state/)]);
  });
});
