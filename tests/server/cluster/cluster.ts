/** Real Gavel nodes as child processes on one private redis-server, as the multi-node tests use them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisAuthStore } from '../../../server/auth/redis.ts';
import { RedisLedger } from '../../../server/ledger/redis.ts';
import { keysInProfiles, SealedLedger } from '../../../server/ledger/sealed.ts';
import type { Ledger } from '../../../server/ledger/types.ts';
import type { Registration } from '../../../shared/protocol.ts';
import { TestClient } from '../../support/client.ts';
import { type NodeProcess, startNode } from '../../support/nodeProcess.ts';
import type { RedisServer } from '../../support/redisServer.ts';
import { participantForm, type Registered, registered } from '../../support/register.ts';

export const DEFAULT_EVENT = 'diaspora-covid19';

export interface Cluster {
  nodes: NodeProcess[];
  prefix: string;
  /** Invite tokens printed by the node that created the default event, by "role: name". */
  tokens: Map<string, string>;
  moderatorToken: string;
  /** The token that creates events (S61): the nodes share their DATA_DIR, so they share the one generated there. */
  operatorToken: string;
  /** Start one more node on the same Redis and prefix (`env`: more variables for it alone). */
  addNode(env?: Record<string, string>): Promise<NodeProcess>;
  /** Register a participant through the node at `url` (any node: they share the auth store). */
  register(url: string, form?: Partial<Registration>, eventId?: string): Promise<Registered>;
  connect(url: string, token: string): Promise<TestClient>;
  /**
   * A ledger on the same Redis, to read what was really stored, opened as a node opens it
   * (participants' identities unsealed with the keys in the auth store, ER1).
   */
  openLedger(): Promise<Ledger>;
  stop(): Promise<void>;
}

/** `redisUrl`: where the nodes reach Redis, when not directly (e.g. through a TCP proxy). */
export async function startCluster(redis: RedisServer, count: number, redisUrl = redis.url): Promise<Cluster> {
  const prefix = redis.freshPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-cluster-'));
  const env = {
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir, // unused with Redis; keeps ./data out of it
    // Hundreds of test clients share one address and send far faster than people.
    RATE_LIMIT_SCALE: '1000',
    MAX_CONNECTIONS_PER_IP: '100000',
  };
  // The first node creates the default event (and prints its links); the others find it.
  const first = await startNode(env);
  const nodes = [first, ...(await Promise.all(Array.from({ length: count - 1 }, () => startNode(env))))];
  const clients: TestClient[] = [];
  const ledgers: Array<Pick<Ledger, 'close'>> = [];
  let participants = 0;
  return {
    nodes,
    prefix,
    tokens: first.tokens,
    moderatorToken: first.tokens.get('moderator: Kemo Camara')!,
    operatorToken: first.operatorToken,
    async addNode(extra = {}) {
      const node = await startNode({ ...env, ...extra });
      nodes.push(node);
      return node;
    },
    register(url, form = {}, eventId = DEFAULT_EVENT) {
      return registered(url, eventId, participantForm(++participants, form));
    },
    async connect(url, token) {
      const client = await TestClient.connect(url, token);
      clients.push(client);
      return client;
    },
    async openLedger() {
      const auth = await RedisAuthStore.open({ url: redis.url, prefix });
      const ledger = new SealedLedger(await RedisLedger.open({ url: redis.url, prefix }), keysInProfiles(auth));
      ledgers.push(ledger, { close: () => auth.close() });
      return ledger;
    },
    async stop() {
      for (const client of clients) client.close();
      await Promise.all([...nodes.map((node) => node.stop()), ...ledgers.map((ledger) => ledger.close())]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON with every object's keys sorted: equal for equal states whatever order their keys were built in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Each node's seq and SHA-256 of its state (see /readyz, on the nodes' `opsUrls`): identical bytes on every node give one digest. */
export async function nodeDigests(opsUrls: readonly string[], eventId: string): Promise<Array<{ seq: number; digest: string }>> {
  return Promise.all(
    opsUrls.map(async (url) => {
      const { seq, digest } = (await whenReady(url)).events[eventId]!;
      return { seq, digest };
    }),
  );
}

interface Readiness {
  ready: boolean;
  reason?: string;
  events: Record<string, { seq: number; head: number; digest: string }>;
}

/**
 * Probe /readyz on the ops listener at `url` as a load balancer does, until it answers 200 (a node is briefly unready after
 * a Redis restart, until its connections are back). A child process has no event to await.
 */
export async function whenReady(url: string, timeoutMs = 5_000): Promise<Readiness> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/readyz?digest=1`);
    const body = (await res.json()) as Readiness;
    if (res.status === 200) return body;
    if (performance.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms: ${body.reason}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fail with the first difference of two JSON texts, not two screenfuls of state. */
export function expectSameBytes(actual: string, expected: string, who: string): void {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  throw new Error(
    `${who}: state differs at byte ${i}:\n  got      …${actual.slice(Math.max(0, i - 120), i + 120)}…\n  expected …${expected.slice(Math.max(0, i - 120), i + 120)}…`,
  );
}
