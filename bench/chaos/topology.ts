/**
 * The processes one scenario runs on, fresh for each: real Gavel nodes as child processes,
 * either on one private redis-server (AOF, fsync always), optionally behind the black-hole
 * proxy, or alone on the file ledger, optionally in a small tmpfs DATA_DIR. Each node can
 * have its clock moved (tests/support/clockShift.mjs). Everything started here is stopped by `close`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisLedger } from '../../server/ledger/redis.ts';
import type { Entry } from '../../shared/protocol.ts';
import { CLOCK_SHIFT_PRELOAD, type NodeProcess, startNode } from '../../tests/support/nodeProcess.ts';
import { type RedisServer, startRedisServer } from '../../tests/support/redisServer.ts';
import { type BlackHoleProxy, startBlackHoleProxy } from '../../tests/support/tcpProxy.ts';

export const EVENT_ID = 'diaspora-covid19';
const MODERATOR = 'moderator: Kemo Camara';

export interface TopologySpec {
  ledger: 'redis' | 'file';
  nodes: number;
  /** Put the black-hole proxy between the nodes and Redis. */
  proxy?: boolean;
  /** Mount a tmpfs of this many bytes as the (file-mode) node's DATA_DIR. */
  tmpfsBytes?: number;
}

export interface Topology {
  spec: TopologySpec;
  nodes: NodeProcess[];
  urls(): string[];
  /** Each node's ops listener (/readyz, /metrics: S60), kept across a restart like its port. */
  opsUrls(): string[];
  redis: RedisServer | null;
  proxy: BlackHoleProxy | null;
  /** The file-mode node's DATA_DIR (the tmpfs mount point when there is one). */
  dataDir: string;
  moderatorToken: string;
  /** Move node i's clock: real time + offsetMs (the node reads it within 50 ms). */
  setClockOffset(i: number, offsetMs: number): void;
  /** kill -9 node i (its port is kept for the restart). */
  killNode(i: number): Promise<void>;
  /** Start node i again on the same port, data and clock file. */
  restartNode(i: number): Promise<void>;
  /** The whole ledger through node i's moderator export (`GET /api/events/<event>/export.json`). */
  exportLedger(i: number): Promise<Entry[]>;
  /** The whole ledger straight from the store, without a node: for when the nodes cannot answer. */
  readLedgerDirectly(): Promise<Entry[]>;
  close(): Promise<void>;
}

function mountTmpfs(dir: string, bytes: number): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); // still busy: detach it now, freed when let go
    } catch {
      // not mounted
    }
  }
}

/** Can this machine run the whole harness? (redis-server, and root's mount for the tmpfs.) */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const has = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync('/usr/bin/redis-server') && !has('redis-server')) missing.push('redis-server');
  if (!has('mount') || process.getuid?.() !== 0) missing.push('mount (as root, for the tmpfs DATA_DIR)');
  return missing;
}

export async function startTopology(spec: TopologySpec, onCleanup: (fn: () => Promise<void>) => void): Promise<Topology> {
  const work = mkdtempSync(join(tmpdir(), 'gavel-chaos-'));
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  let mounted = false;
  let redis: RedisServer | null = null;
  let proxy: BlackHoleProxy | null = null;
  const nodes: NodeProcess[] = [];
  let closed: Promise<void> | null = null;
  const closing = () => (closed ??= closeAll());
  const closeAll = async () => {
    await Promise.all(nodes.map((node) => node.kill9().catch(() => undefined)));
    await proxy?.close().catch(() => undefined);
    if (redis) {
      const pid = redis.pid();
      if (pid) process.kill(pid, 'SIGCONT'); // SIGKILL ends a stopped process too; continue it anyway so nothing waits on it
      await redis.stop().catch(() => undefined);
    }
    if (mounted) unmount(dataDir);
    rmSync(work, { recursive: true, force: true });
  };
  onCleanup(closing);

  if (spec.tmpfsBytes) {
    mountTmpfs(dataDir, spec.tmpfsBytes);
    mounted = true;
  }
  const prefix = `chaos-${Math.random().toString(36).slice(2, 8)}:`;
  if (spec.ledger === 'redis') {
    redis = await startRedisServer({ appendfsync: 'always' });
    if (spec.proxy) proxy = await startBlackHoleProxy({ host: '127.0.0.1', port: redis.port });
  }
  const clockFiles = Array.from({ length: spec.nodes }, (_, i) => join(work, `clock-${i}`));
  for (const file of clockFiles) writeFileSync(file, '0');
  const envOf = (i: number, port = 0, opsPort = 0): Record<string, string> => ({
    ...(redis && { REDIS_URL: proxy?.url ?? redis.url, REDIS_PREFIX: prefix }),
    DATA_DIR: dataDir,
    PORT: String(port),
    OPS_PORT: String(opsPort),
    RATE_LIMIT_SCALE: '1000',
    MAX_CONNECTIONS_PER_IP: '100000',
    GAVEL_CLOCK_OFFSET_FILE: clockFiles[i]!,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${CLOCK_SHIFT_PRELOAD}`.trim(),
  });
  // The first node creates the default event and prints the moderator's link; the others find it.
  nodes.push(await startNode(envOf(0)));
  nodes.push(...(await Promise.all(Array.from({ length: spec.nodes - 1 }, (_, i) => startNode(envOf(i + 1))))));
  const moderatorToken = nodes[0]!.tokens.get(MODERATOR);
  if (!moderatorToken) throw new Error(`no moderator link printed:\n${nodes[0]!.output()}`);
  const ports = nodes.map((node) => node.port);
  const opsPorts = nodes.map((node) => new URL(node.opsUrl).port);

  return {
    spec,
    nodes,
    urls: () => ports.map((port) => `http://127.0.0.1:${port}`),
    opsUrls: () => opsPorts.map((port) => `http://127.0.0.1:${port}`),
    redis,
    proxy,
    dataDir,
    moderatorToken,
    setClockOffset(i, offsetMs) {
      writeFileSync(clockFiles[i]!, String(Math.round(offsetMs)));
    },
    async killNode(i) {
      await nodes[i]!.kill9();
    },
    async restartNode(i) {
      nodes[i] = await startNode(envOf(i, ports[i]!, Number(opsPorts[i]!)));
    },
    async exportLedger(i) {
      const res = await fetch(`http://127.0.0.1:${ports[i]!}/api/events/${EVENT_ID}/export.json`, {
        headers: { authorization: `Bearer ${moderatorToken}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status !== 200) throw new Error(`export.json of node ${i + 1}: ${res.status}`);
      return ((await res.json()) as { ledger: Entry[] }).ledger;
    },
    async readLedgerDirectly() {
      if (redis) {
        const ledger = await RedisLedger.open({ url: redis.url, prefix });
        try {
          return await ledger.read(EVENT_ID, 0);
        } finally {
          await ledger.close();
        }
      }
      const file = join(dataDir, 'ledger', `${EVENT_ID}.jsonl`);
      const entries: Entry[] = [];
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        try {
          if (line) entries.push(JSON.parse(line) as Entry);
        } catch {
          // a torn line: what a restart would cut off
        }
      }
      return entries;
    },
    close: closing,
  };
}
