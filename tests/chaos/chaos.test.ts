/**
 * The short chaos run (`npm run chaos -- --short`) as a test: each fault of issue 10 in a
 * scenario of its own over real nodes and a private redis-server (a 5 s SIGSTOP, a 15 s
 * black hole between the nodes and Redis, Redis and node kill -9, a full tmpfs DATA_DIR),
 * and each scenario's invariants must hold: no acked command lost, none applied twice, seq
 * contiguous, every node and client at one digest, /healthz throughout, recovery within 10 s.
 * The harness runs as a child process of its own (it starts and kills many processes, and
 * cleans up on a signal); it needs redis-server and root for the tmpfs mount.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_FAULTS } from '../../bench/chaos/nemesis.ts';
import type { ScenarioResult } from '../../bench/chaos/scenario.ts';
import { missingPrerequisites } from '../../bench/chaos/topology.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const missing = missingPrerequisites();
if (missing.length) {
  if (process.env.CI === 'true') throw new Error(`the chaos test cannot run: missing ${missing.join(', ')}`);
  console.warn(`\n  ⚠ SKIPPING the chaos test: missing ${missing.join(', ')}\n`);
}

describe.skipIf(missing.length > 0)('chaos, short run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-chaos-test-'));
  const out = join(dir, 'chaos-short.json');
  let scenarios: ScenarioResult[] = [];
  let output = '';

  beforeAll(async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/chaos/index.ts', '--short', '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    // 1: some invariant failed (each test below says which); anything else: the harness broke.
    if (code !== 0 && code !== 1) throw new Error(`the chaos harness exited with ${code}:\n${output}`);
    scenarios = (JSON.parse(readFileSync(out, 'utf8')) as { scenarios: ScenarioResult[] }).scenarios;
    console.log(output.slice(output.indexOf('## Fault injection')));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(SHORT_FAULTS)(
    '%s: nothing acked lost, nothing doubled, seq contiguous, one digest everywhere, /healthz throughout, recovered within 10 s',
    (fault) => {
      const scenario = scenarios.find((s) => s.fault === fault);
      expect(scenario, `no result for ${fault}:\n${output}`).toBeDefined();
      expect(scenario!.commands.acked).toBeGreaterThan(0);
      expect(scenario!.failures).toEqual([]);
    },
  );
});
