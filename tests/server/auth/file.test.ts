/** The file auth store: the shared contract, then what only a journal on disk can do (L-D3, S9). */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../../server/auth/file.ts';
import { StoreWriteError } from '../../../server/storage/appendOnlyFile.ts';
import { FakeDisk } from '../../support/fakeDisk.ts';
import { participant, runAuthStoreContract } from './contract.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-auth-'));
  dirs.push(dir);
  return dir;
}

runAuthStoreContract('file', () => FileAuthStore.open(freshDir()));

describe('file auth store on disk', () => {
  it('a burst of registrations is written together, in order, and every one is there after a reopen', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    const tokens = await Promise.all(Array.from({ length: 300 }, (_, i) => store.issue(participant(i + 1))));
    await store.revokePerson('summit', 'p_7');
    await store.close();

    const lines = readFileSync(join(dir, 'auth.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines.slice(0, 300).every((l) => (JSON.parse(l) as { op: string }).op === 'issue')).toBe(true);
    expect((JSON.parse(lines.at(-1)!) as { op: string }).op).toBe('revoke');
    const reopened = await FileAuthStore.open(dir);
    try {
      for (const [i, token] of tokens.entries()) expect(await reopened.resolve(token)).toEqual(i === 6 ? null : participant(i + 1));
    } finally {
      await reopened.close();
    }
  });

  it('S9: an erased person’s profile leaves the journal, and the store reopens without them and with everyone else', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    const kept = await store.issue(participant(1));
    await store.issue(participant(2));
    await store.revokePerson('summit', 'p_2');
    const later = await store.issue(participant(2));
    await store.erasePerson('summit', 'p_2');
    await store.setRegistrationPolicy('summit', { open: false, passcodeHash: null });
    const afterErase = await store.issue(participant(3));
    await store.close();

    const journal = readFileSync(join(dir, 'auth.jsonl'), 'utf8');
    for (const trace of ['Person 2', 'Community 2', 'Org 2', '"p_2"']) expect(journal).not.toContain(trace);
    expect(journal).toContain('Person 1');

    const reopened = await FileAuthStore.open(dir);
    try {
      expect(await reopened.resolve(kept)).toEqual(participant(1));
      expect(await reopened.resolve(afterErase)).toEqual(participant(3));
      expect(await reopened.resolve(later)).toBeNull();
      expect(await reopened.person('summit', 'p_2')).toBeNull();
      expect(await reopened.registrationPolicy('summit')).toEqual({ open: false, passcodeHash: null });
      expect((await reopened.directory('summit', 0, 10)).people.map((p) => p.personId)).toEqual(['p_1', 'p_3']);
    } finally {
      await reopened.close();
    }
  });

  it('S44, S46: the lobby, admissions and network marks survive a reopen; an erased person’s admission leaves the journal', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    const admittedToken = await store.issue({ ...participant(1), waiting: true });
    await store.issue({ ...participant(2), waiting: true });
    await store.issue({ ...participant(3), waiting: true });
    await store.admit('summit', 'p_1');
    await store.admit('summit', 'p_3');
    await store.erasePerson('summit', 'p_3');
    const mark = { personId: 'p_9', why: 'removed' as const, network: 'tag', reason: 'Spam', at: 5, blocked: true };
    await store.setMark('summit', 'p_9', mark);
    await store.close();
    expect(readFileSync(join(dir, 'auth.jsonl'), 'utf8')).not.toContain('"p_3"');

    const reopened = await FileAuthStore.open(dir);
    try {
      expect(await reopened.resolve(admittedToken)).toEqual(participant(1));
      expect((await reopened.waiting('summit', 0, 10)).people.map((c) => c.personId)).toEqual(['p_2']);
      expect((await reopened.directory('summit', 0, 10)).people.map((p) => p.personId)).toEqual(['p_1']);
      expect(await reopened.marks('summit')).toEqual([mark]);
    } finally {
      await reopened.close();
    }
  });

  it('S9: a crash between the erase line and the rewrite is finished at the next start', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    await store.issue(participant(7));
    await store.close();
    // What a crash right after journalling the erase leaves behind.
    const path = join(dir, 'auth.jsonl');
    appendFileSync(path, `${JSON.stringify({ op: 'erase', eventId: 'summit', personId: 'p_7' })}\n`);
    const reopened = await FileAuthStore.open(dir);
    await reopened.close();
    expect(readFileSync(path, 'utf8')).not.toContain('Person 7');
  });
});

describe('file auth store on a failing disk', () => {
  it('L-D3: a registration the journal cannot take is refused, leaves no trace, and the next one after space is freed works', async () => {
    const dir = freshDir();
    const disk = new FakeDisk();
    const failures: string[] = [];
    const store = await FileAuthStore.open(dir, { openHandle: disk.open, onFailure: (problem) => failures.push(problem), probeDelays: [60_000, 60_000] });
    const before = await store.issue(participant(1));
    disk.space = 100; // part of a line: the write is short, then ENOSPC
    const refused = await Promise.allSettled([2, 3, 4].map((n) => store.issue(participant(n))));
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(StoreWriteError);
    // Nothing of them in memory either: not in the directory, no person to re-issue a link to.
    expect((await store.directory('summit', 0, 10)).people.map((p) => p.personId)).toEqual(['p_1']);
    expect(await store.person('summit', 'p_2')).toBeNull();
    expect(store.writeProblem()).toMatch(/auth\.jsonl: ENOSPC/);
    disk.space = 0;
    await expect(store.revokePerson('summit', 'p_1')).rejects.toBeInstanceOf(StoreWriteError);
    expect(await store.resolve(before)).toEqual(participant(1));
    expect(failures).toHaveLength(1);

    disk.space = Infinity;
    const after = await store.issue(participant(5));
    expect(store.writeProblem()).toBeNull();
    await store.close();
    const lines = readFileSync(join(dir, 'auth.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { record: { credential: { personId: string } } }).record.credential.personId)).toEqual(['p_1', 'p_5']);
    const reopened = await FileAuthStore.open(dir);
    try {
      expect(await reopened.resolve(before)).toEqual(participant(1));
      expect(await reopened.resolve(after)).toEqual(participant(5));
    } finally {
      await reopened.close();
    }
  });

  it('L-D3: a journal write taken in small pieces is whole', async () => {
    const dir = freshDir();
    const disk = new FakeDisk();
    disk.maxChunk = 13;
    const store = await FileAuthStore.open(dir, { openHandle: disk.open });
    const tokens = await Promise.all([1, 2, 3].map((n) => store.issue(participant(n))));
    await store.close();
    const reopened = await FileAuthStore.open(dir);
    try {
      for (const [i, token] of tokens.entries()) expect(await reopened.resolve(token)).toEqual(participant(i + 1));
    } finally {
      await reopened.close();
    }
  });

  it('L-D3: an erasure whose rewrite fails keeps the person erased, and the rewrite is finished later', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    await store.issue(participant(1));
    const kept = await store.issue(participant(2));
    // A folder where the rewrite's copy goes: the copy cannot be written.
    mkdirSync(join(dir, 'auth.jsonl.next'));
    await expect(store.erasePerson('summit', 'p_1')).rejects.toBeInstanceOf(StoreWriteError);
    expect(await store.person('summit', 'p_1')).toBeNull();
    rmSync(join(dir, 'auth.jsonl.next'), { recursive: true });
    await store.close();
    const reopened = await FileAuthStore.open(dir);
    try {
      expect(readFileSync(join(dir, 'auth.jsonl'), 'utf8')).not.toContain('Person 1');
      expect(await reopened.resolve(kept)).toEqual(participant(2));
    } finally {
      await reopened.close();
    }
  });

  it('L-D3: an unreadable line in the middle stops the store with the file, the line and what to do', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    await store.issue(participant(1));
    await store.close();
    appendFileSync(join(dir, 'auth.jsonl'), `{"op":"iss\n${JSON.stringify({ op: 'policy', eventId: 'summit', policy: { open: true, passcodeHash: null } })}\n`);
    await expect(FileAuthStore.open(dir)).rejects.toThrow(/auth\.jsonl:2: unreadable line: .*Restore it from a backup/);
  });

  it('L-D3: a line that reads but is not an auth change stops the store with the file, the line and what is wrong', async () => {
    const dir = freshDir();
    const store = await FileAuthStore.open(dir);
    await store.issue(participant(1));
    await store.close();
    appendFileSync(
      join(dir, 'auth.jsonl'),
      `${JSON.stringify({ op: 'issue', record: { hash: 'h', credential: { ...participant(2), role: 'emperor' }, revoked: false } })}\n`,
    );
    await expect(FileAuthStore.open(dir)).rejects.toThrow(/auth\.jsonl:2: not an auth change \(record\.credential\.role: .*Restore it from a backup/);
  });
});
