/**
 * A private `redis-server` for one test file: a free port on 127.0.0.1 and a temp dir,
 * AOF on and fsynced on every write unless told otherwise, never the Redis on 6379.
 * Where the binary is missing the Redis suites skip with a warning; under CI=true that is
 * an error instead, so a green CI always means the Redis tests ran.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findRedisServer(): string | null {
  if (existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server';
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const binary = findRedisServer();
if (!binary) {
  if (process.env.CI === 'true') throw new Error('redis-server is not installed: the Redis tests cannot run (apt-get install redis-server)');
  console.warn('\n  ⚠ redis-server not found: SKIPPING the Redis tests (apt-get install redis-server to run them)\n');
}

/** False where redis-server is missing (outside CI): wrap suites in `describe.skipIf(!hasRedisServer)`. */
export const hasRedisServer = binary !== null;

export interface RedisServerOptions {
  /** `always` (default) or `everysec`; `no` turns AOF off. */
  appendfsync?: 'always' | 'everysec' | 'no';
}

export interface RedisServer {
  port: number;
  url: string;
  /** The running redis-server's process id (null while it is down), for signals such as SIGSTOP. */
  pid(): number | null;
  /** A key prefix no other test uses, so tests sharing a server never see each other's keys. */
  freshPrefix(): string;
  /** Stop abruptly (SIGKILL: no final AOF rewrite, no goodbye to clients). */
  kill(): Promise<void>;
  /** Start again on the same port and data dir, after `kill` (does nothing while it runs). */
  start(): Promise<void>;
  /** Kill and start again: what a crash and a supervisor restart look like to the nodes. */
  restart(): Promise<void>;
  /** SIGSTOP: the process stops answering while its sockets stay open, as a hung Redis does. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!binary) throw new Error('redis-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'gavel-redis-'));
  const port = await freePort();
  const appendfsync = options.appendfsync ?? 'always';
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    appendfsync === 'no' ? 'no' : 'yes',
    '--appendfsync',
    appendfsync === 'no' ? 'everysec' : appendfsync,
    '--daemonize',
    'no',
    // Thousands of test sockets' worth of pub/sub must not be cut off as a slow consumer.
    '--client-output-buffer-limit',
    'pubsub 0 0 0',
  ];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;

  async function start(): Promise<void> {
    if (running()) return;
    const proc = spawn(binary!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}:\n${out}`)), 15_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${out}`));
      });
    });
  }

  async function kill(): Promise<void> {
    if (!running()) return;
    child!.kill('SIGCONT'); // a stopped process dies of SIGKILL too, but its exit is only reported once it runs
    child!.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => (running() ? (child!.pid ?? null) : null),
    freshPrefix: () => `test-${randomBytes(4).toString('hex')}:`,
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    freeze() {
      if (running()) child!.kill('SIGSTOP');
    },
    thaw() {
      if (running()) child!.kill('SIGCONT');
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
