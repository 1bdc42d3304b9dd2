/** L-D3, L-D4: every write of a file store is all-or-nothing, and a store that failed recovers by itself. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendOnlyFile, type AppendOnlyFileOptions, StoreWriteError, writeAll } from '../../../server/storage/appendOnlyFile.ts';
import { FakeDisk } from '../../support/fakeDisk.ts';

const line = (i: number) => `${JSON.stringify({ n: i, text: 'x'.repeat(40) })}\n`;

describe('append-only file', () => {
  let dir: string;
  let path: string;
  let disk: FakeDisk;
  let file: AppendOnlyFile | null = null;
  const failures: string[] = [];
  const recoveries: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gavel-append-'));
    path = join(dir, 'journal.jsonl');
    disk = new FakeDisk();
    failures.length = 0;
    recoveries.length = 0;
  });
  afterEach(async () => {
    await file?.close();
    file = null;
    await rm(dir, { recursive: true, force: true });
  });

  function openFile(options: AppendOnlyFileOptions = {}): AppendOnlyFile {
    file = new AppendOnlyFile(path, {
      openHandle: disk.open,
      onFailure: (problem) => failures.push(problem),
      onRecovery: (message) => recoveries.push(message),
      // Long enough that no self-check runs in the tests that do not wait for one.
      probeDelays: [60_000, 60_000],
      ...options,
    });
    return file;
  }

  it('L-D3: a write the disk takes in small pieces is written whole', async () => {
    disk.maxChunk = 7;
    const f = openFile();
    await f.append(line(1) + line(2));
    await f.append(line(3));
    expect(await readFile(path, 'utf8')).toBe(line(1) + line(2) + line(3));
    expect(disk.writeCalls).toBeGreaterThan(20);
  });

  it('L-D3: writeAll refuses a write that makes no progress instead of looping or dropping the rest', async () => {
    const stuck = { write: async () => ({ bytesWritten: 0 }) };
    await expect(writeAll(stuck, Buffer.from('abc'))).rejects.toThrow(/short write: 0 of 3 bytes/);
  });

  it('L-D3: a write that fills the disk half way is cut back: the file is as before, and the append rejects', async () => {
    const f = openFile();
    await f.append(line(1));
    disk.space = 30; // less than a line: the write is short, then ENOSPC
    await expect(f.append(line(2))).rejects.toBeInstanceOf(StoreWriteError);
    await expect(f.append(line(3))).rejects.toThrow(/ENOSPC/);
    expect(await readFile(path, 'utf8')).toBe(line(1));
    expect(f.problem).toMatch(/cannot write .*journal\.jsonl: ENOSPC/);
    expect(failures).toHaveLength(1);

    disk.space = Infinity;
    await f.append(line(4));
    expect(await readFile(path, 'utf8')).toBe(line(1) + line(4));
    expect(f.problem).toBeNull();
    expect(recoveries).toHaveLength(1);
  });

  it('L-D3: a failed fsync is a failed write: the lines it was to make durable are cut off', async () => {
    const f = openFile();
    await f.append(line(1));
    disk.failSync = true;
    await expect(f.append(line(2))).rejects.toThrow(/EIO/);
    disk.failSync = false;
    await f.append(line(3));
    expect(await readFile(path, 'utf8')).toBe(line(1) + line(3));
  });

  it('L-D3: a file that already holds lines is appended to, and cut back to its own end, not to zero', async () => {
    await writeFile(path, line(0));
    const f = openFile();
    disk.space = 10;
    await expect(f.append(line(1))).rejects.toBeInstanceOf(StoreWriteError);
    expect(await readFile(path, 'utf8')).toBe(line(0));
    disk.space = Infinity;
    await f.append(line(2));
    expect(await readFile(path, 'utf8')).toBe(line(0) + line(2));
  });

  it('L-D3: a replacement that cannot be written leaves the file as it was', async () => {
    const f = openFile();
    await f.append(line(1));
    // The copy is written with the real fs: make it fail by putting a folder where it goes.
    await mkdir(`${path}.next`);
    await expect(f.replace(() => line(9))).rejects.toBeInstanceOf(StoreWriteError);
    expect(await readFile(path, 'utf8')).toBe(line(1));
    await rm(`${path}.next`, { recursive: true });
    await f.replace(() => line(9));
    await f.append(line(10));
    expect(await readFile(path, 'utf8')).toBe(line(9) + line(10));
    expect(f.problem).toBeNull();
  });

  it('L-D4: after a failure, with nothing else writing, the file checks by itself and recovers once writing works', async () => {
    const recovered = new Promise<void>((resolve) => {
      openFile({
        probeDelays: [5, 20],
        onRecovery: (message) => {
          recoveries.push(message);
          resolve();
        },
      });
    });
    const f = file!;
    await f.append(line(1));
    disk.space = 0;
    await expect(f.append(line(2))).rejects.toThrow(/ENOSPC/);
    // Let a few self-checks fail on the full disk first.
    while (disk.writeCalls < 5) await new Promise((resolve) => setImmediate(resolve));
    expect(f.problem).not.toBeNull();
    disk.space = Infinity;
    await recovered;
    expect(f.problem).toBeNull();
    expect(failures).toHaveLength(1);
    expect(recoveries).toHaveLength(1);
    // The self-check left nothing behind.
    expect(await readFile(path, 'utf8')).toBe(line(1));
  });
});
