/** What survives a crash: a torn last line is repaired, corruption stops the load, kill -9 loses no ack. */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLedger } from '../../../server/ledger/file.ts';
import type { Entry } from '../../../shared/protocol.ts';
import { appendChats, chat, range, seqsOf } from './contract.ts';

describe('file ledger crash recovery', () => {
  let dataDir: string;
  let ledger: FileLedger | null = null;
  const warnings: string[] = [];

  const eventFile = () => join(dataDir, 'ledger', 'summit.jsonl');
  const reopen = async () => {
    await ledger?.close();
    ledger = await FileLedger.open({ dataDir, onWarning: (message) => warnings.push(message) });
    return ledger;
  };

  /** A file with five good entries, as a clean shutdown leaves it. */
  async function fiveEntries(): Promise<Entry[]> {
    const entries = await appendChats(await reopen(), 'summit', 5);
    await ledger!.close();
    ledger = null;
    return entries;
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-ledger-crash-'));
    warnings.length = 0;
  });

  afterEach(async () => {
    await ledger?.close();
    ledger = null;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('drops a torn last line (no newline), keeps the earlier entries, and continues the seqs', async () => {
    const entries = await fiveEntries();
    const before = await readFile(eventFile(), 'utf8');
    await appendFile(eventFile(), '{"seq":6,"at":17000000,"actor":{"id":"p_1","ro');
    const reopened = await reopen();
    expect(warnings).toEqual([expect.stringMatching(/summit\.jsonl: dropped a torn last line/)]);
    expect(await reopened.read('summit', 0)).toEqual(entries);
    expect(await readFile(eventFile(), 'utf8')).toBe(before);
    expect(await reopened.append('summit', chat('after the crash'))).toMatchObject({ seq: 6 });
    warnings.length = 0;
    expect(seqsOf(await (await reopen()).read('summit', 0))).toEqual(range(1, 6));
    expect(warnings).toEqual([]);
  });

  it('drops an unreadable last line even when it ends with a newline', async () => {
    const entries = await fiveEntries();
    await appendFile(eventFile(), '{"seq":6,"at":1\u0000\u0000\u0000\n');
    const reopened = await reopen();
    expect(warnings).toHaveLength(1);
    expect(await reopened.read('summit', 0)).toEqual(entries);
    expect(await reopened.append('summit', chat('next'))).toMatchObject({ seq: 6 });
  });

  it('recovers a file that holds nothing but a torn line', async () => {
    await fiveEntries();
    await writeFile(eventFile(), '{"seq":1,');
    const reopened = await reopen();
    expect(await reopened.head('summit')).toBe(0);
    expect(await reopened.append('summit', chat('first again'))).toMatchObject({ seq: 1 });
  });

  it('refuses to load an unreadable line in the middle, naming the file and line', async () => {
    await fiveEntries();
    const lines = (await readFile(eventFile(), 'utf8')).split('\n');
    lines[2] = lines[2]!.slice(0, 20);
    await writeFile(eventFile(), lines.join('\n'));
    await expect(reopen()).rejects.toThrow(/summit\.jsonl:3: unreadable ledger line/);
  });

  it('refuses a well-formed line that is not a valid entry, even the last one', async () => {
    await fiveEntries();
    const evil = {
      seq: 6,
      at: Date.now(),
      actor: { id: 'p_1', role: 'participant', name: 'Ama', community: '', region: 'africa', country: '' },
      command: { type: 'floor.seize', payload: {} },
    };
    await appendFile(eventFile(), `${JSON.stringify(evil)}\n`);
    await expect(reopen()).rejects.toThrow(/summit\.jsonl:6: invalid ledger entry/);
  });

  it('refuses a file whose seqs are not contiguous', async () => {
    await fiveEntries();
    const lines = (await readFile(eventFile(), 'utf8')).split('\n');
    lines.splice(1, 1); // line 2 goes missing
    await writeFile(eventFile(), lines.join('\n'));
    await expect(reopen()).rejects.toThrow(/summit\.jsonl:2: expected seq 2, found 3/);
  });

  it('loses no acknowledged append when the process is killed with SIGKILL', async () => {
    const fixture = join(import.meta.dirname, '../../fixtures/ledgerAppender.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const acked = new Map<number, string>();
    const duplicateAcks: number[] = [];
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        const [seq, ...words] = line.split(' ');
        if (acked.has(Number(seq))) duplicateAcks.push(Number(seq));
        acked.set(Number(seq), words.join(' '));
        if (acked.size === 300) child.kill('SIGKILL');
      }
    } finally {
      child.kill('SIGKILL'); // a no-op when it is already dead
    }
    expect(await exited, stderr).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(300);
    expect(duplicateAcks).toEqual([]);

    const reopened = await reopen();
    const stored = await reopened.read('crash-test', 0);
    expect(seqsOf(stored)).toEqual(range(1, stored.length));
    for (const [seq, text] of acked) {
      expect(stored[seq - 1]?.command, `acked seq ${seq}`).toEqual({ type: 'chat.send', payload: { text } });
    }
    expect(await reopened.append('crash-test', chat('after the kill'))).toMatchObject({ seq: stored.length + 1 });
  });
});
