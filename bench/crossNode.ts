/**
 * Cross-node latency: 3 nodes on one Redis (AOF, appendfsync always) carrying N connected
 * participants, spread evenly. Participants on node A raise their hands one after another;
 * observer clients on node C note when they see each raise. Reports raise → seen-on-C latency
 * (p50/p95/p99) and the raiser's ack latency.
 *
 *   npx tsx bench/crossNode.ts [clients=3000] [raises=200]
 *
 * The N background clients run in a child process (they receive every entry, like real
 * screens); the raisers and observers run here, so the timing is not queued behind 3,000
 * decodes in one event loop. Everything still shares this machine's 2 cores: the nodes,
 * Redis, and a load generator decoding every entry N times.
 */
import { fork } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import type { Ack, Entry } from '../shared/protocol.ts';
import { type NodeProcess, startNode } from '../tests/support/nodeProcess.ts';
import { startRedisServer } from '../tests/support/redisServer.ts';

const EVENT = 'diaspora-covid19';
const OBSERVERS = 10;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Run `task` over `items` with at most `limit` at once. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!, i);
      }
    }),
  );
  return results;
}

async function register(url: string, i: number): Promise<{ token: string; personId: string }> {
  const res = await fetch(`${url}/api/events/${EVENT}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Bench ${i}`, community: 'Bench diaspora', region: 'africa', country: 'Belgium', consentToBeNamed: false }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; personId: string };
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The child: N participants registered and connected round-robin over the nodes, receiving until told to stop. */
async function backgroundClients(urls: string[], count: number): Promise<void> {
  const sockets = await pool(
    Array.from({ length: count }, (_, i) => i),
    64,
    async (i) => {
      const { token } = await register(urls[i % urls.length]!, i);
      const socket = await connect(urls[i % urls.length]!, token);
      socket.on('entries', () => {}); // decoded like a screen would, then dropped
      return socket;
    },
  );
  process.send!({ connected: sockets.length });
  process.once('disconnect', () => {
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  });
}

async function main(clients: number, raises: number): Promise<void> {
  const redis = await startRedisServer({ appendfsync: 'always' });
  const nodes: NodeProcess[] = [];
  const sockets: Socket[] = [];
  const load = { stop: () => {} };
  try {
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'bench:',
      DATA_DIR: '/tmp/gavel-bench-unused',
      RATE_LIMIT_SCALE: '10000',
      MAX_CONNECTIONS_PER_IP: '1000000',
    };
    nodes.push(await startNode(env));
    nodes.push(...(await Promise.all([startNode(env), startNode(env)])));
    const [a, , c] = nodes as [NodeProcess, NodeProcess, NodeProcess];

    const started = performance.now();
    const child = fork(import.meta.filename, ['--background', String(clients), ...nodes.map((n) => n.url)], { execArgv: ['--import', 'tsx'] });
    load.stop = () => child.disconnect();
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`background clients exited with ${code}`)));
    });
    console.log(
      `${clients} background participants registered and connected (${clients / 3} per node) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const moderator = await connect(a.url, a.tokens.get('moderator: Kemo Camara')!);
    sockets.push(moderator);
    const start: Ack = await moderator.timeout(10_000).emitWithAck('command', { type: 'event.start', payload: {} });
    if (!start.ok) throw new Error(`event.start: ${start.error.message}`);

    const raisers = await pool(
      Array.from({ length: raises }, (_, i) => i),
      16,
      async (i) => {
        const { token, personId } = await register(a.url, clients + i);
        const socket = await connect(a.url, token);
        sockets.push(socket);
        return { socket, personId };
      },
    );
    let awaited: { personId: string; seen: number[]; resolve: () => void } | null = null;
    for (let i = 0; i < OBSERVERS; i++) {
      const observer = await connect(c.url, (await register(c.url, clients + raises + i)).token);
      sockets.push(observer);
      observer.on('entries', ({ entries }: { entries: Entry[] }) => {
        const now = performance.now();
        for (const entry of entries) {
          if (entry.command.type !== 'queue.raise' || awaited?.personId !== entry.actor.id) continue;
          awaited.seen.push(now);
          if (awaited.seen.length === OBSERVERS) awaited.resolve();
        }
      });
    }

    const latencies: number[] = [];
    const acks: number[] = [];
    for (const { socket, personId } of raisers) {
      const seen: number[] = [];
      const everyObserver = new Promise<void>((resolve) => (awaited = { personId, seen, resolve }));
      const sentAt = performance.now();
      const ack: Ack = await socket.timeout(10_000).emitWithAck('command', { type: 'queue.raise', payload: { topic: '' } });
      if (!ack.ok) throw new Error(`raise: ${ack.error.message}`);
      acks.push(performance.now() - sentAt);
      await Promise.race([everyObserver, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (seen.length < OBSERVERS) console.warn(`a raise reached only ${seen.length} of ${OBSERVERS} observers on C within 5 s`);
      latencies.push(...seen.map((at) => at - sentAt));
      await new Promise((resolve) => setTimeout(resolve, 50)); // hands come one after another, not in a tight loop
    }

    latencies.sort((x, y) => x - y);
    acks.sort((x, y) => x - y);
    const fmt = (xs: number[]) =>
      `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${xs[xs.length - 1]!.toFixed(1)} ms`;
    console.log(`\n${raises} hands raised on node A, ${clients + raises + OBSERVERS + 1} clients connected:`);
    console.log(`  raise on A → seen on C (${OBSERVERS} observers, ${latencies.length} samples): ${fmt(latencies)}`);
    console.log(`  raise on A → acked on A: ${fmt(acks)}`);
  } finally {
    load.stop();
    for (const socket of sockets) socket.disconnect();
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
  }
}

if (process.argv[2] === '--background') await backgroundClients(process.argv.slice(4), Number(process.argv[3]));
else await main(Number(process.argv[2] ?? 3_000), Number(process.argv[3] ?? 200));
