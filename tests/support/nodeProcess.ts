/** Run a real Gavel node as a child process (`tsx server/index.ts`) and read its links as `npm run links` does. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

export interface NodeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** The ops listener (S60): /readyz and /metrics, on a free port of 127.0.0.1. */
  opsUrl: string;
  /** The token that creates events (S61): OPERATOR_TOKEN when given, else the one `npm run links` prints. */
  operatorToken: string;
  /**
   * Invite tokens by "role: name" label (e.g. "moderator: Kemo Camara"), as `npm run links`
   * prints them once the node listens: a node prints them itself only at the start that
   * created the event (S15), and tests do not depend on that.
   */
  tokens: Map<string, string>;
  output(): string;
  /** SIGKILL: no goodbye, no flush. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Preloaded to put a node's wall clock off (see the file). */
export const CLOCK_SHIFT_PRELOAD = resolve(ROOT, 'tests/support/clockShift.mjs');

/**
 * The environment of a node whose wall clock is `offsetMs` off (its monotonic clock is not):
 * write another number of ms to `file` to step it while it runs.
 */
export function shiftedClockEnv(offsetMs: number): { env: Record<string, string>; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'gavel-clock-')), 'offset');
  writeFileSync(file, String(offsetMs));
  return { file, env: { GAVEL_CLOCK_OFFSET_FILE: file, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${CLOCK_SHIFT_PRELOAD}`.trim() } };
}

/** What `npm run links` prints for a node's `env` (server/cli/links.ts, run as the operator would). */
export async function printLinks(env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/links.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return stdout;
}

/** The organiser links by "role: name", as `npm run links` prints them; with several events, the first event's. */
export async function readLinks(env: Record<string, string>): Promise<Map<string, string>> {
  return linksIn(await printLinks(env));
}

function linksIn(printed: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const m of printed.matchAll(/^\s+(\w+: [^\n]+?)\s+http\S+#k=(\S+)$/gm)) {
    const label = m[1]!.trim();
    if (!tokens.has(label)) tokens.set(label, m[2]!);
  }
  return tokens;
}

/** The operator token in what a node or `npm run links` printed, if any. */
export function operatorTokenIn(printed: string): string | null {
  return /^Operator token.*: ([A-Za-z0-9_-]{43})$/m.exec(printed)?.[1] ?? null;
}

export async function startNode(env: Record<string, string>, timeoutMs = 30_000): Promise<NodeProcess> {
  // GAVEL_NODE_ARGS passes flags to the node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a benchmark.
  const extra = (process.env.GAVEL_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nodeEnv = { PORT: '0', HOST: '127.0.0.1', OPS_PORT: '0', LOG_LEVEL: 'warn', ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', ...extra, 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...nodeEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a half-started node behind
      reject(new Error(`node did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      if (/Operations at \S+ \(/.test(out)) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
  });
  const url = /Gavel is running at (\S+)/.exec(out)![1]!;
  const printed = await printLinks(nodeEnv).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    child,
    url,
    port: Number(new URL(url).port),
    opsUrl: /Operations at (\S+)/.exec(out)![1]!,
    operatorToken: env.OPERATOR_TOKEN ?? operatorTokenIn(printed)!,
    tokens: linksIn(printed),
    output: () => out,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * For a test file whose tests start their own nodes, each on a fresh DATA_DIR: the nodes a
 * test started are stopped after it, and the folders are removed after the file.
 */
export function nodePerTest(prefix: string): (env?: Record<string, string>) => Promise<NodeProcess> {
  const dirs: string[] = [];
  let started: NodeProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.map((node) => node.stop()));
    started = [];
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return async (env = {}) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    const node = await startNode({ DATA_DIR: dir, ...env });
    started.push(node);
    return node;
  };
}

/**
 * For a test file whose tests share one node on a fresh DATA_DIR: started before its first test,
 * stopped and the folder removed after its last. The answer reads the node inside a test.
 */
export function nodePerFile(prefix: string, env: Record<string, string> = {}): () => NodeProcess {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let node: NodeProcess | null = null;
  beforeAll(async () => {
    node = await startNode({ DATA_DIR: dir, ...env });
  });
  afterAll(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!node) throw new Error('the node of this file has not started');
    return node;
  };
}
