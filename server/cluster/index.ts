/**
 * Gavel on several nodes sharing one Redis: opens the Redis ledger, auth store and link book,
 * the Socket.IO Redis adapter (room broadcasts and server-side events between nodes), the
 * snapshot store, and the watch that makes every node host the events any node creates.
 * Only assembly lives here: each part is in its own folder, the Redis helpers in server/redis/.
 */
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { RedisAuthStore } from '../auth/redis.ts';
import type { EventRegistry } from '../events.ts';
import { RedisLedger } from '../ledger/redis.ts';
import { EVENT_ID_PATTERN } from '../ledger/types.ts';
import { linkKeys, RedisLinkBook } from '../links/redis.ts';
import type { Logger } from '../logger.ts';
import { RedisTime } from '../redis/clock.ts';
import { connect, failFastOptions, whenReady } from '../redis/connection.ts';
import { RedisSnapshots } from '../snapshots/redis.ts';
import type { SnapshotStore } from '../snapshots/types.ts';

/** What `createApp` needs to run as one node of many. */
export interface ClusterParts {
  nodeId: string;
  /** The Socket.IO adapter factory (`new Server(http, { adapter })`). */
  adapter: ReturnType<typeof createAdapter>;
  snapshots: SnapshotStore;
  /** Host every event other nodes create and keep their links, from now until the returned stop. */
  follow(registry: EventRegistry): () => void;
}

export interface RedisStores {
  ledger: RedisLedger;
  auth: RedisAuthStore;
  links: RedisLinkBook;
  cluster: ClusterParts;
  /** Redis's clock, which stamps every entry: the one clock pings answer with too. */
  clock: RedisTime;
  close(): Promise<void>;
}

export interface RedisStoresOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** Entries between two snapshots. */
  snapshotEvery?: number;
}

export async function openRedisStores({ url, prefix, logger, snapshotEvery }: RedisStoresOptions): Promise<RedisStores> {
  const warn = (message: string) => logger.warn(message);
  const log = { warn, info: (message: string) => logger.info(message) };
  const ledger = await RedisLedger.open({ url, prefix, onWarning: warn });
  const auth = await RedisAuthStore.open({ url, prefix, onWarning: warn });
  // The link book, the clock and the snapshots share one connection of their own; the ledger's is the ledger's.
  const shared = connect(url, 'gavel-shared', failFastOptions(3_000), log);
  await whenReady(shared, 10_000);
  const links = await RedisLinkBook.open(shared, prefix, warn);
  const clock = await RedisTime.start(shared, { onWarning: warn });

  // Pub/sub carries only ephemeral signals: while Redis is away they are dropped, not queued
  // to arrive stale later. The adapter ignores the promise `publish` returns, so a refused
  // publish would be an unhandled rejection (which ends a Node process): catch it here.
  const pub = connect(url, 'gavel-adapter-pub', failFastOptions(3_000), log);
  guardPublish(pub, (err) => logger.debug({ err }, 'dropped an ephemeral message: Redis is unreachable'));
  const sub = connect(url, 'gavel-adapter-sub', { lazyConnect: true, retryStrategy: (n) => Math.min(n * 100, 1_000) }, log);
  const events = connect(url, 'gavel-events', { lazyConnect: true, retryStrategy: (n) => Math.min(n * 100, 1_000) }, log);
  await Promise.all([whenReady(pub, 10_000), whenReady(sub, 10_000), whenReady(events, 10_000)]);

  const cluster: ClusterParts = {
    nodeId: randomBytes(4).toString('hex'),
    adapter: createAdapter(pub, sub, { key: `${prefix}socket.io` }),
    snapshots: new RedisSnapshots({ redis: shared, prefix, ledger, every: snapshotEvery, onWarning: warn }),
    follow: (registry) => followEvents(events, ledger, links, registry, prefix, logger),
  };

  return {
    ledger,
    auth,
    links,
    cluster,
    clock,
    async close() {
      clock.stop();
      await links.flushed();
      for (const client of [events, sub, pub]) client.disconnect();
      await Promise.all([auth.close(), ledger.close(), shared.quit().catch(() => shared.disconnect())]);
    },
  };
}

/** How often a node looks at the whole list of events and links, whatever it heard. */
const SWEEP_MS = 30_000;

/**
 * Every node serves every event: a new event is announced on a channel by the ledger's
 * append script, and a node that (re)subscribes looks at the whole list, so an announcement
 * lost in a blip is caught up at the reconnect; a slow sweep catches anything else (an event
 * that could not be hosted at the time). Links are followed the same way.
 */
function followEvents(subscriber: Redis, ledger: RedisLedger, links: RedisLinkBook, registry: EventRegistry, prefix: string, logger: Logger): () => void {
  const changed = linkKeys(prefix).changed;
  const host = (eventId: string) => {
    if (EVENT_ID_PATTERN.test(eventId) && !registry.get(eventId))
      registry.host(eventId).catch((err: unknown) => logger.warn({ err, eventId }, 'cannot host event yet'));
  };
  const catchUp = async () => {
    try {
      await links.reload();
      for (const eventId of await ledger.events()) host(eventId);
    } catch (err) {
      logger.warn({ err }, 'cannot list events yet');
    }
  };
  const onMessage = (channel: string, message: string) => {
    if (channel === ledger.keys.newEvents) host(message);
    else if (channel === changed) links.reload().catch((err: unknown) => logger.warn({ err }, 'cannot reload links'));
  };
  subscriber.on('message', onMessage);
  subscriber.on('ready', catchUp); // ioredis resubscribes on reconnect before 'ready'
  subscriber.subscribe(ledger.keys.newEvents, changed).then(catchUp, (err: unknown) => logger.warn({ err }, 'cannot subscribe to new events'));
  const sweep = setInterval(catchUp, SWEEP_MS);
  sweep.unref();
  return () => {
    clearInterval(sweep);
    subscriber.off('message', onMessage);
    subscriber.off('ready', catchUp);
  };
}

function guardPublish(client: Redis, onError: (err: unknown) => void): void {
  const publish = client.publish.bind(client) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  Object.defineProperty(client, 'publish', {
    value: (channel: string | Buffer, message: string | Buffer) =>
      publish(channel, message).catch((err: unknown) => {
        onError(err);
        return 0;
      }),
  });
}
