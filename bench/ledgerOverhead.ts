/**
 * Per-entry cost of the Redis ledger against the file ledger on one node: the path of one
 * command after its checks, i.e. append (durable) and then apply (the tail delivers it to an
 * EventHost, which runs the reducer). Both are fsynced per write: the file ledger with
 * fdatasync per group commit, Redis with `appendfsync always` (and `everysec` for comparison).
 *
 *   npx tsx bench/ledgerOverhead.ts [entries]
 *
 * Two shapes: one command at a time (latency: what one person waits), and 50 in flight at
 * once (throughput: a busy event; both ledgers then batch their fsyncs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventHost } from '../server/eventHost.ts';
import { SYSTEM_ACTOR } from '../server/events.ts';
import { FileLedger } from '../server/ledger/file.ts';
import { RedisLedger } from '../server/ledger/redis.ts';
import type { Ledger } from '../server/ledger/types.ts';
import type { Actor } from '../shared/protocol.ts';
import { DEFAULT_TEMPLATE, setupFromTemplate } from '../shared/template.ts';
import { startRedisServer } from '../tests/support/redisServer.ts';

const COUNT = Number(process.argv[2] ?? 3_000);
const CONCURRENCY = 50;
const MODERATOR: Actor = { id: 'kemo-camara', role: 'moderator', name: 'Kemo Camara', community: 'African diaspora', region: 'africa', country: '' };

let run = 0;
/** Microseconds per entry: append, then wait until a tailing EventHost has applied it. */
async function measure(ledger: Ledger, inFlight: number): Promise<number> {
  const eventId = `bench-${++run}`;
  await ledger.append(eventId, { actor: SYSTEM_ACTOR, command: { type: 'event.create', payload: setupFromTemplate(DEFAULT_TEMPLATE) } });
  const host = new EventHost(eventId, ledger);
  await host.start();
  const one = async (i: number) => {
    const entry = await ledger.append(eventId, {
      actor: MODERATOR,
      command: { type: 'chat.send', payload: { text: `message ${i}: a question about remittances and diaspora investment` } },
    });
    await host.whenApplied(entry.seq);
  };
  const started = performance.now();
  for (let i = 0; i < COUNT; i += inFlight) await Promise.all(Array.from({ length: Math.min(inFlight, COUNT - i) }, (_, k) => one(i + k)));
  const perEntryUs = ((performance.now() - started) * 1000) / COUNT;
  host.stop();
  return perEntryUs;
}

const dataDir = await mkdtemp(join(tmpdir(), 'gavel-overhead-'));
const always = await startRedisServer({ appendfsync: 'always' });
const everysec = await startRedisServer({ appendfsync: 'everysec' });
try {
  const file = await FileLedger.open({ dataDir });
  const redisAlways = await RedisLedger.open({ url: always.url, prefix: 'bench:' });
  const redisEverysec = await RedisLedger.open({ url: everysec.url, prefix: 'bench:' });
  const rows: Array<[string, number, number]> = [];
  for (const [name, ledger] of [
    ['file (fdatasync)', file],
    ['redis (appendfsync always)', redisAlways],
    ['redis (appendfsync everysec)', redisEverysec],
  ] as const) {
    await measure(ledger, CONCURRENCY); // warm up: JIT, connections, script cache
    rows.push([name, await measure(ledger, 1), await measure(ledger, CONCURRENCY)]);
  }
  const [, fileOne, fileMany] = rows[0]!;
  console.log(`${COUNT} chat entries per run, append + apply on one node (µs per entry):\n`);
  console.log(
    `${'ledger'.padEnd(30)} ${'one at a time'.padStart(14)} ${'ratio'.padStart(6)} ${`${CONCURRENCY} in flight`.padStart(14)} ${'ratio'.padStart(6)}`,
  );
  for (const [name, one, many] of rows) {
    console.log(
      `${name.padEnd(30)} ${one.toFixed(0).padStart(14)} ${(one / fileOne).toFixed(2).padStart(6)} ${many.toFixed(0).padStart(14)} ${(many / fileMany).toFixed(2).padStart(6)}`,
    );
  }
  await Promise.all([file.close(), redisAlways.close(), redisEverysec.close()]);
} finally {
  await Promise.all([always.stop(), everysec.stop()]);
  await rm(dataDir, { recursive: true, force: true });
}
