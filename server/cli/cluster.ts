/**
 * `npm run cluster -- --nodes 3 [--port 3000]`: several Gavel nodes on this machine sharing one
 * Redis, for trying out the multi-node setup. Uses REDIS_URL when set; otherwise starts a
 * redis-server of its own (AOF on) with its data in DATA_DIR/redis. Ctrl-C stops them all,
 * each node draining as in production.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: '3000' } } });
const count = Number(values.nodes);
const basePort = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 16 || !Number.isInteger(basePort) || basePort < 1 || basePort + count > 65535) {
  console.error('usage: npm run cluster -- --nodes <1-16> [--port <first port, default 3000>]');
  process.exit(2);
}

const config = readConfig();
/** Each node's ops listener (S60): OPS_PORT is the first node's; 0 gives each a free one (each node prints it). */
const opsPortOf = (index: number) => (config.opsPort === 0 ? 0 : config.opsPort + index);
const children: ChildProcess[] = [];

/** Resolve when `pattern` shows up in the child's output; reject if it exits first. */
function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        child.stdout?.off('data', onData);
        resolvePromise();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready:\n${seen}`)));
  });
}

/** Show a child's output, each line marked with where it comes from. */
function relay(child: ChildProcess, label: string, stdout = true): void {
  const write = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`${label} ${line}\n`);
  };
  if (stdout) child.stdout?.on('data', write);
  child.stderr?.on('data', write);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(): Promise<string> {
  let binary: string;
  try {
    binary = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('redis-server is not installed: install it (apt-get install redis-server) or set REDIS_URL');
  }
  const dir = join(config.dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await freePort();
  const redis = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(redis);
  await waitFor(redis, /Ready to accept connections/, 'redis-server');
  return `redis://127.0.0.1:${port}`;
}

function startNode(index: number, redisUrl: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, PORT: String(basePort + index), OPS_PORT: String(opsPortOf(index)) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.unshift(child); // stopped before Redis
  return child;
}

async function stopAll(): Promise<void> {
  // Nodes first (they drain), Redis last (it writes its AOF on SIGTERM).
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the cluster…');
    void stopAll().then(() => process.exit(0));
  });
}

try {
  const redisUrl = config.redisUrl ?? (await startRedis());
  // The first node creates the default event (on an empty Redis) and prints its links.
  const first = startNode(0, redisUrl);
  relay(first, '[node 1]');
  await waitFor(first, /Gavel is running at/, 'node 1');
  const others = Array.from({ length: count - 1 }, (_, i) => startNode(i + 1, redisUrl));
  for (const [i, child] of others.entries()) relay(child, `[node ${i + 2}]`, false);
  await Promise.all(others.map((child, i) => waitFor(child, /Gavel is running at/, `node ${i + 2}`)));
  const safeUrl = redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  console.log(`\nGavel cluster: ${count} node${count > 1 ? 's' : ''} on ${safeUrl} (key prefix ${config.redisPrefix})`);
  for (let i = 0; i < count; i++)
    console.log(`  node ${i + 1}  http://localhost:${basePort + i}   (ops: http://${config.opsHost}:${opsPortOf(i)}: /readyz, /metrics)`);
  console.log('\nEvery node serves every event and every link above; put any load balancer in front (see the README). Ctrl-C stops them all.\n');
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  await stopAll();
  process.exit(1);
}
