import { readFileSync } from 'node:fs';
import { appendFile, type FileHandle, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EntryChecker, FileLedger, type FileLedgerOptions } from '../../../server/ledger/file.ts';
import { type Ledger, LedgerUnavailableError } from '../../../server/ledger/types.ts';
import { LIMITS } from '../../../shared/constants.ts';
import { EntrySchema } from '../../../shared/protocol.ts';
import { FakeDisk } from '../../support/fakeDisk.ts';
import { AMA, appendChats, chat, collect, type LedgerFixture, range, runLedgerContract, seqsOf } from './contract.ts';

async function fileFixture(options: Omit<FileLedgerOptions, 'dataDir'> = {}): Promise<LedgerFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gavel-ledger-'));
  let current: Ledger = await FileLedger.open({ dataDir, ...options });
  return {
    ledger: current,
    reopen: async () => {
      await current.close();
      current = await FileLedger.open({ dataDir, ...options });
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

runLedgerContract('file', () => fileFixture(), { makeLedgerWithClock: (now) => fileFixture({ now }) });

/** The prototype every FileHandle shares, so a test can watch or break its writes. */
async function fileHandlePrototype(dir: string): Promise<FileHandle> {
  const handle = await open(join(dir, 'probe'), 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

describe('file ledger on disk', () => {
  let dataDir: string;
  let ledger: FileLedger | null = null;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-ledger-'));
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await ledger?.close();
    ledger = null;
    await rm(dataDir, { recursive: true, force: true });
  });

  const eventFile = (eventId: string) => join(dataDir, 'ledger', `${eventId}.jsonl`);

  it('keeps one JSON line per entry in ledger/<eventId>.jsonl', async () => {
    ledger = await FileLedger.open({ dataDir });
    const entries = await appendChats(ledger, 'summit', 3);
    const lines = (await readFile(eventFile('summit'), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(entries);
  });

  it('resolves an append only after its line is written and fsynced', async () => {
    const datasync = vi.spyOn(await fileHandlePrototype(dataDir), 'datasync');
    ledger = await FileLedger.open({ dataDir });
    const entry = await ledger.append('summit', chat('durable'));
    expect(datasync).toHaveBeenCalled();
    expect(await readFile(eventFile('summit'), 'utf8')).toBe(`${JSON.stringify(entry)}\n`);
  });

  it('tails deliver an entry only after the fsync that made it durable', async () => {
    const prototype = await fileHandlePrototype(dataDir);
    const realDatasync = prototype.datasync;
    let synced = '';
    vi.spyOn(prototype, 'datasync').mockImplementation(async function (this: FileHandle) {
      await realDatasync.call(this);
      synced = readFileSync(eventFile('summit'), 'utf8');
    });
    ledger = await FileLedger.open({ dataDir });
    const deliveredBeforeSync: number[] = [];
    const done = new Promise<void>((resolve) => {
      ledger!.tail('summit', 0, (entries) => {
        for (const entry of entries) if (!synced.includes(`${JSON.stringify(entry)}\n`)) deliveredBeforeSync.push(entry.seq);
        if (entries.some((entry) => entry.seq === 50)) resolve();
      });
    });
    await Promise.all(range(1, 50).map((i) => ledger!.append('summit', chat(`m${i}`))));
    await done;
    expect(deliveredBeforeSync).toEqual([]);
  });

  it('group-commits: appends that arrive during a write share the next write and fsync', async () => {
    const datasync = vi.spyOn(await fileHandlePrototype(dataDir), 'datasync');
    ledger = await FileLedger.open({ dataDir });
    const entries = await Promise.all(range(1, 200).map((i) => ledger!.append('summit', chat(`m${i}`))));
    expect(seqsOf(entries)).toEqual(range(1, 200));
    // The first append is written alone; the other 199 queue behind it and go in one batch.
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('L-D4: a failed write refuses its batch, gives its seqs back, and the next write continues the file without a hole', async () => {
    const disk = new FakeDisk();
    const failures: string[] = [];
    const recoveries: string[] = [];
    ledger = await FileLedger.open({
      dataDir,
      openHandle: disk.open,
      onWriteFailure: (p) => failures.push(p),
      onWriteRecovery: (m) => recoveries.push(m),
      probeDelays: [60_000, 60_000],
    });
    await appendChats(ledger, 'summit', 2);
    await appendChats(ledger, 'other', 1);
    disk.space = 50; // part of a line, then ENOSPC
    // A batch in flight and the appends queued behind it: all refused, none keeps a seq.
    const refused = await Promise.allSettled(range(1, 5).map((i) => ledger!.append('summit', chat(`lost ${i}`))));
    expect(refused.every((r) => r.status === 'rejected' && r.reason instanceof LedgerUnavailableError)).toBe(true);
    expect(ledger.writeProblem()).toMatch(/summit\.jsonl: ENOSPC/);
    expect(await ledger.head('summit')).toBe(2);
    expect(failures).toHaveLength(1);
    disk.space = Infinity;
    expect(await ledger.append('summit', chat('after'))).toMatchObject({ seq: 3 });
    expect(ledger.writeProblem()).toBeNull();
    expect(recoveries).toHaveLength(1);
    // Other events have their own files and carry on.
    expect(await ledger.append('other', chat('fine'))).toMatchObject({ seq: 2 });
    await ledger.close();
    ledger = await FileLedger.open({ dataDir });
    expect(seqsOf(await ledger.read('summit', 0))).toEqual([1, 2, 3]);
    expect(await ledger.append('summit', chat('back'))).toMatchObject({ seq: 4 });
  });

  it('L-D4: a failed fsync is a failed write: the file is cut back, and the entries are not served', async () => {
    const datasync = vi.spyOn(await fileHandlePrototype(dataDir), 'datasync');
    ledger = await FileLedger.open({ dataDir, probeDelays: [60_000, 60_000] });
    await appendChats(ledger, 'summit', 2);
    const delivered: number[] = [];
    ledger.tail('summit', 0, (entries) => delivered.push(...seqsOf(entries)));
    datasync.mockRejectedValueOnce(new Error('EIO: i/o error, fsync'));
    await expect(ledger.append('summit', chat('lost'))).rejects.toThrow(/EIO/);
    expect((await readFile(eventFile('summit'), 'utf8')).split('\n')).toHaveLength(3);
    expect(await ledger.append('summit', chat('kept'))).toMatchObject({ seq: 3 });
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('L-D4: while nothing is appended, a failed ledger checks by itself and is back once the disk takes writes', async () => {
    const disk = new FakeDisk();
    let recovered!: () => void;
    const back = new Promise<void>((resolve) => (recovered = resolve));
    ledger = await FileLedger.open({ dataDir, openHandle: disk.open, onWriteRecovery: () => recovered(), probeDelays: [5, 20] });
    await appendChats(ledger, 'summit', 1);
    disk.space = 0;
    await expect(ledger.append('summit', chat('lost'))).rejects.toBeInstanceOf(LedgerUnavailableError);
    expect(ledger.writeProblem()).not.toBeNull();
    disk.space = Infinity;
    await back;
    expect(ledger.writeProblem()).toBeNull();
    expect(await ledger.append('summit', chat('next'))).toMatchObject({ seq: 2 });
  });

  it('refuses appends once closed, after finishing the writes in flight', async () => {
    ledger = await FileLedger.open({ dataDir });
    const inFlight = Promise.all(range(1, 20).map((i) => ledger!.append('summit', chat(`m${i}`))));
    await ledger.close();
    expect(seqsOf(await inFlight)).toEqual(range(1, 20));
    await expect(ledger.append('summit', chat('late'))).rejects.toBeInstanceOf(LedgerUnavailableError);
    ledger = await FileLedger.open({ dataDir });
    expect(await ledger.head('summit')).toBe(20);
  });

  it('checks every loaded actor, also one whose id it has already seen', async () => {
    ledger = await FileLedger.open({ dataDir });
    await ledger.append('summit', chat('before the rename', AMA));
    await ledger.append('summit', chat('after the rename', { ...AMA, name: 'Ama Owusu' }));
    await ledger.close();
    ledger = await FileLedger.open({ dataDir });
    expect((await ledger.read('summit', 0)).map((e) => e.actor.name)).toEqual(['Ama', 'Ama Owusu']);
    await ledger.close();
    ledger = null;
    const forged = { seq: 3, at: Date.now(), actor: { ...AMA, region: 'atlantis' }, command: chat('hi').command };
    await appendFile(eventFile('summit'), `${JSON.stringify(forged)}\n`);
    await expect(FileLedger.open({ dataDir })).rejects.toThrow(/summit\.jsonl:3: invalid ledger entry \(chat\.send\): actor\.region/);
  });

  it('ignores files that are not event files, with a warning', async () => {
    ledger = await FileLedger.open({ dataDir });
    await appendChats(ledger, 'summit', 1);
    await ledger.close();
    await writeFile(join(dataDir, 'ledger', 'notes.txt'), 'hello');
    await writeFile(join(dataDir, 'ledger', 'Bad Name.jsonl'), 'garbage\n');
    const warnings: string[] = [];
    ledger = await FileLedger.open({ dataDir, onWarning: (message) => warnings.push(message) });
    expect(await ledger.events()).toEqual(['summit']);
    expect(warnings).toHaveLength(2);
    const tail = collect(ledger, 'summit', 0, 1);
    expect(seqsOf(await tail.done)).toEqual([1]);
    tail.stop();
  });
});

describe('loading checks entries exactly as EntrySchema does', () => {
  // The loader's shortcuts (shared actors, clean chat texts) must accept nothing zod refuses
  // and output what zod outputs. Texts mix the edge cases: blanks, control characters, the
  // length limit, any unicode.
  const texts = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({
      unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u000b', '\u001f', '\u007f', '\u00a0', '\u2028', '\ufeff', 'a', 'é', '😀'),
      maxLength: 8,
    }),
    fc.integer({ min: LIMITS.chatText - 2, max: LIMITS.chatText + 2 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom('hello', ' hello', 'hello ', '', 'two\nlines', 'tab\tbed'),
  );
  /** Mostly valid, sometimes not: a mostly-valid entry is what makes one field's edge cases count. */
  const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: invalid, weight: 1 });
  const actors = fc.record({
    id: mostly(fc.constantFrom('p_1', 'p_2'), fc.constantFrom('', 7)),
    role: mostly(fc.constantFrom('participant', 'moderator', 'system'), fc.constant('king')),
    name: mostly(fc.constantFrom('Ama', 'Kofi'), fc.constant('x'.repeat(500))),
    community: fc.constantFrom('Ghanaian diaspora', ''),
    region: mostly(fc.constantFrom('africa', 'europe'), fc.constant('atlantis')),
    country: fc.constantFrom('Germany', 'Ghana'),
  });
  const commands = mostly(
    fc.oneof(
      { arbitrary: texts.map((text) => ({ type: 'chat.send', payload: { text } })), weight: 6 },
      { arbitrary: texts.map((topic) => ({ type: 'queue.raise', payload: { topic } })), weight: 2 },
      { arbitrary: fc.constant({ type: 'queue.lower', payload: {} }), weight: 1 },
    ),
    fc.oneof(
      texts.map((text) => ({ type: 'chat.send', payload: { text, extra: 1 } })),
      texts.map((text) => ({ type: 'chat.send', payload: { text }, extra: 1 })),
      fc.constantFrom<unknown>({ type: 'chat.send', payload: ['hi'] }, { type: 'chat.send', payload: { text: 42 } }, { type: 'chat.send' }, null, 'chat.send', {
        type: 'floor.seize',
        payload: {},
      }),
    ),
  );
  const entries = fc.record({
    seq: mostly(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, -1, 1.5, '1')),
    at: mostly(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.constantFrom(-1, Number.NaN, 1.5)),
    actor: mostly(
      actors,
      actors.map((actor) => ({ ...actor, extra: true })),
    ),
    command: commands,
  });

  it('accepts what zod accepts, with the same output, and refuses the rest', () => {
    const checker = new EntryChecker(); // one for all runs, so actors are met again
    fc.assert(
      fc.property(entries, (raw) => {
        const zod = EntrySchema.safeParse(raw);
        if (zod.success) expect(checker.check(raw, 'x.jsonl', 1)).toEqual(zod.data);
        else expect(() => checker.check(raw, 'x.jsonl', 1)).toThrow(/x\.jsonl:1: invalid ledger entry/);
      }),
      { numRuns: 3_000 },
    );
  });
});
