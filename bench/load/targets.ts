/**
 * The servers under test, each started as child processes on 127.0.0.1 so that their CPU and
 * memory can be read from /proc: Gavel (one node with the file ledger, or several nodes on
 * a private redis-server) and the floor (bench/floor/server.ts, one node or several on Redis).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { type NodeProcess, startNode } from '../../tests/support/nodeProcess.ts';
import { type RedisServer, startRedisServer } from '../../tests/support/redisServer.ts';
import type { TargetKind } from './messages.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Every client of the benchmark comes from 127.0.0.1, so the per-address limits of
 * server/security would refuse all but the first few hundred: the bench lifts them with the
 * environment knobs server/config.ts reads (RATE_LIMIT_SCALE, MAX_CONNECTIONS_PER_IP).
 */
export const BENCH_LIMITS_ENV = { RATE_LIMIT_SCALE: '1000', MAX_CONNECTIONS_PER_IP: '1000000' };

export interface Target {
  kind: TargetKind;
  urls: string[];
  eventId: string;
  /** Server processes whose CPU and memory are the server's cost. */
  pids: number[];
  /** redis-server, measured separately. */
  redisPid: number | null;
  /** Invite tokens by roster id (Gavel); the floor takes anyone. */
  tokens: Map<string, string>;
  stageToken: string | null;
  /** JS heap in use, summed over the nodes, in bytes (what the node reports about itself). */
  heapUsedBytes(): Promise<number>;
  /** A full garbage collection in every server process, so that memory figures count what is kept, not garbage. */
  collectGarbage(): Promise<void>;
  /** SIGKILL to node `index` (the reconnect storm): no goodbye, its sockets just close. */
  kill(index: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  nodes: number;
  /** Node flags for the server processes, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  nodeArgs: string;
  /** Floor only: the snapshot to send on join (captured from Gavel). */
  snapshotFile?: string;
  /** Gavel only: extra environment for the nodes (e.g. a setting being compared). */
  env?: Record<string, string>;
  /** Floor only: one packet per entry. */
  unbatched?: boolean;
}

/**
 * Server processes run with `--inspect=127.0.0.1:0`: the benchmark attaches for a moment to
 * ask V8 for a full collection (HeapProfiler.collectGarbage) before reading memory.
 */
const INSPECT = '--inspect=127.0.0.1:0';

function inspectorUrl(output: string): string {
  const match = /Debugger listening on (ws:\/\/\S+)/.exec(output);
  if (!match) throw new Error(`no inspector address in the server's output:\n${output.slice(0, 500)}`);
  return match[1]!;
}

async function collectGarbageAt(url: string): Promise<void> {
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the inspector did not answer')), 60_000);
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
      socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as { id?: number }).id === 1) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    socket.close();
  }
}

/** From the node's ops listener (S60). */
async function heapFromMetrics(opsUrl: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const match = /^(?:gavel_process_)?nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return match ? Number(match[1]) : NaN;
}

export async function startGavel(options: TargetOptions): Promise<Target> {
  const dataDirs: string[] = [];
  const nodes: NodeProcess[] = [];
  let redis: RedisServer | null = null;
  const previousArgs = process.env.GAVEL_NODE_ARGS;
  process.env.GAVEL_NODE_ARGS = `${options.nodeArgs} ${INSPECT}`;
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    let redisEnv: Record<string, string> = {};
    if (options.nodes > 1) {
      redis = await startRedisServer();
      redisEnv = { REDIS_URL: redis.url, REDIS_PREFIX: redis.freshPrefix() };
    }
    for (let i = 0; i < options.nodes; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'gavel-load-'));
      dataDirs.push(dataDir);
      // The first node creates the event; the others start once it exists.
      nodes.push(await startNode({ DATA_DIR: dataDir, ...BENCH_LIMITS_ENV, ...redisEnv, ...options.env }, 60_000));
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    if (previousArgs === undefined) delete process.env.GAVEL_NODE_ARGS;
    else process.env.GAVEL_NODE_ARGS = previousArgs;
  }
  const printed = nodes[0]!.tokens;
  const tokens = new Map<string, string>();
  for (const person of DEFAULT_TEMPLATE.people) {
    const token = printed.get(`${person.role}: ${person.name}`);
    if (token) tokens.set(person.key, token);
  }
  return {
    kind: 'gavel',
    urls: nodes.map((n) => n.url.replace('localhost', '127.0.0.1')),
    eventId: DEFAULT_TEMPLATE.id!,
    pids: nodes.map((n) => n.child.pid!),
    redisPid: redis ? redisPid(redis) : null,
    tokens,
    stageToken: printed.get('stage: Stage display') ?? null,
    heapUsedBytes: async () => (await Promise.all(nodes.map((n) => heapFromMetrics(n.opsUrl)))).reduce((a, b) => a + b, 0),
    collectGarbage: async () => void (await Promise.all(nodes.map((n) => collectGarbageAt(inspectorUrl(n.output()))))),
    kill: (index) => nodes[index]!.kill9(),
    stop,
  };
}

/** redis-server's pid, found by its port (tests/support/redisServer.ts keeps the child to itself). */
function redisPid(redis: RedisServer): number | null {
  try {
    const out = execFileSync('pgrep', ['-f', `redis-server 127.0.0.1:${redis.port}`], { encoding: 'utf8' });
    const pid = Number(out.trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

interface FloorProcess {
  child: ChildProcess;
  url: string;
  inspector: string;
}

async function startFloorNode(env: Record<string, string>, nodeArgs: string): Promise<FloorProcess> {
  const extra = nodeArgs.split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, INSPECT, '--import', 'tsx', 'bench/floor/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`the floor did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = /floor listening on (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the floor exited with ${code}:\n${out}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, inspector: inspectorUrl(out) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startFloor(options: TargetOptions): Promise<Target> {
  const nodes: FloorProcess[] = [];
  let redis: RedisServer | null = null;
  const stop = async () => {
    await Promise.all(nodes.map((n) => stopChild(n.child)));
    await redis?.stop();
  };
  try {
    const env: Record<string, string> = options.snapshotFile ? { FLOOR_SNAPSHOT: options.snapshotFile } : {};
    if (options.unbatched) env.FLOOR_UNBATCHED = '1';
    if (options.nodes > 1) {
      redis = await startRedisServer();
      Object.assign(env, { FLOOR_REDIS_URL: redis.url, FLOOR_REDIS_PREFIX: redis.freshPrefix() });
    }
    for (let i = 0; i < options.nodes; i++) nodes.push(await startFloorNode(env, options.nodeArgs));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    kind: 'floor',
    urls: nodes.map((n) => n.url),
    eventId: 'floor',
    pids: nodes.map((n) => n.child.pid!),
    redisPid: redis ? redisPid(redis) : null,
    tokens: new Map(),
    stageToken: null,
    heapUsedBytes: async () => {
      let sum = 0;
      for (const n of nodes) sum += ((await (await fetch(`${n.url}/stats`)).json()) as { memory: { heapUsed: number } }).memory.heapUsed;
      return sum;
    },
    collectGarbage: async () => void (await Promise.all(nodes.map((n) => collectGarbageAt(n.inspector)))),
    kill: async (index) => {
      const { child } = nodes[index]!;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill('SIGKILL');
      await exited;
    },
    stop,
  };
}

/** Write a captured snapshot state for the floor to send; returns the file and a cleanup. */
export function snapshotFile(state: unknown): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-floor-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify(state));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
