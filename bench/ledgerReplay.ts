/**
 * How long a node takes to reopen the file ledger of a busy event: writes 100,000 realistic
 * entries (chat, raised and lowered hands from 2,000 people) with FileLedger, then times
 * `FileLedger.open`, which reads, checks and keeps them all in memory. Each reopen runs in a
 * fresh process, as at a restart: a cold JIT and an empty heap are part of the cost. The
 * floor (reading and JSON-parsing the lines, checking nothing) is timed too, so the cost of
 * the checks can be read off even on a busy machine.
 *
 *   npx tsx bench/ledgerReplay.ts [entries]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLedger } from '../server/ledger/file.ts';
import type { EntryDraft } from '../server/ledger/types.ts';
import type { Actor } from '../shared/protocol.ts';

const EVENT_ID = 'replay-bench';
const REOPENS = 5;
const REGIONS = ['africa', 'asia', 'europe', 'other'] as const;

function person(n: number): Actor {
  return {
    id: `p_${n}`,
    role: 'participant',
    name: `Participant ${n}`,
    community: `Community ${n % 37}`,
    region: REGIONS[n % REGIONS.length]!,
    country: `Country ${n % 53}`,
  };
}

function draft(i: number): EntryDraft {
  const actor = person(i % 2_000);
  switch (i % 10) {
    case 0:
      return { actor, command: { type: 'queue.raise', payload: { topic: `On point ${i % 7} of the draft outcome document` } } };
    case 1:
      return { actor, command: { type: 'queue.lower', payload: { kind: 'hand' } } };
    default:
      return {
        actor,
        command: { type: 'chat.send', payload: { text: `Message ${i}: thank you to the panel, a question about remittances and diaspora investment.` } },
      };
  }
}

interface Run {
  ms: number;
  head: number;
  heapMb: number;
}

/** Child mode: open the ledger once and print how long it took. */
async function reopen(dataDir: string): Promise<void> {
  const start = performance.now();
  const ledger = await FileLedger.open({ dataDir });
  const ms = performance.now() - start;
  const run: Run = { ms, head: await ledger.head(EVENT_ID), heapMb: process.memoryUsage().heapUsed / 1e6 };
  console.log(JSON.stringify(run));
  await ledger.close();
}

/** Child mode, the floor: only read and JSON.parse the lines, checking nothing. */
async function parseOnly(dataDir: string): Promise<void> {
  const start = performance.now();
  const lines = (await readFile(join(dataDir, 'ledger', `${EVENT_ID}.jsonl`), 'utf8')).split('\n');
  lines.pop();
  const entries = lines.map((line) => JSON.parse(line) as unknown);
  const run: Run = { ms: performance.now() - start, head: entries.length, heapMb: process.memoryUsage().heapUsed / 1e6 };
  console.log(JSON.stringify(run));
}

function timeChildren(mode: string, dataDir: string): Run[] {
  return Array.from(
    { length: REOPENS },
    () => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, mode, dataDir], { encoding: 'utf8' })) as Run,
  );
}

function summary(runs: Run[]): string {
  const ms = runs.map((run) => run.ms).sort((a, b) => a - b);
  return `median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms (best ${ms[0]!.toFixed(0)}, worst ${ms[ms.length - 1]!.toFixed(0)}), heap ${runs[0]!.heapMb.toFixed(0)} MB`;
}

async function main(count: number): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gavel-replay-'));
  try {
    const writeStart = performance.now();
    const writer = await FileLedger.open({ dataDir });
    // Batches of concurrent appends, as a busy event produces them: group commit writes each in one go.
    for (let i = 0; i < count; i += 1_000) {
      await Promise.all(Array.from({ length: Math.min(1_000, count - i) }, (_, k) => writer.append(EVENT_ID, draft(i + k))));
    }
    await writer.close();
    const writeMs = performance.now() - writeStart;
    const { size } = await stat(join(dataDir, 'ledger', `${EVENT_ID}.jsonl`));
    console.log(`wrote ${count} entries (${(size / 1e6).toFixed(1)} MB) in ${writeMs.toFixed(0)} ms`);

    const runs = timeChildren('--reopen', dataDir);
    const wrong = runs.find((run) => run.head !== count);
    if (wrong) throw new Error(`expected ${count} entries after reopening, found ${wrong.head}`);
    console.log(`reopen in a fresh process (read + check + keep in memory), ${REOPENS} runs: ${summary(runs)}`);
    console.log(`floor, read + JSON.parse only, checking nothing:           ${summary(timeChildren('--parse-only', dataDir))}`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--reopen') await reopen(process.argv[3]!);
else if (process.argv[2] === '--parse-only') await parseOnly(process.argv[3]!);
else await main(Number(process.argv[2] ?? 100_000));
