/** L-D5: a node refuses to start on damaged or orphaned stores, naming the file and what to do; GAVEL_START_FRESH starts anew. */
import { appendFileSync, mkdtempSync, readdirSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNode } from '../support/nodeProcess.ts';
import { bearer, registered } from './security/support.ts';

const EVENT = 'diaspora-covid19';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-startup-'));
  dirs.push(dir);
  return dir;
}

/** A data dir after a first start and one registration: the participant's token, and the moderator's. */
async function usedDataDir(): Promise<{ dir: string; participant: string; moderator: string }> {
  const dir = freshDir();
  const node = await startNode({ DATA_DIR: dir });
  try {
    const { token } = await registered(node.url, EVENT);
    return { dir, participant: token, moderator: node.tokens.get('moderator: Kemo Camara')! };
  } finally {
    await node.stop();
  }
}

const signsIn = async (url: string, token: string) => (await fetch(`${url}/api/me`, { headers: bearer(token) })).status === 200;

describe('start-up on damaged or missing files', () => {
  it('L-D5: an empty links.json with no ledger stops the start, naming the file and GAVEL_START_FRESH; with it set, the node starts and the old file is moved aside', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'links.json'), '');
    await expect(startNode({ DATA_DIR: dir })).rejects.toThrow(
      /exited with 1[\s\S]*Gavel cannot start: .*ledger holds no event, but .*links\.json holds the tokens and links of an earlier one.*GAVEL_START_FRESH=1/,
    );
    const node = await startNode({ DATA_DIR: dir, GAVEL_START_FRESH: '1' });
    try {
      expect(node.tokens.get('moderator: Kemo Camara')).toBeTruthy();
      expect(readdirSync(dir).filter((name) => name.startsWith('links.json.before-'))).toHaveLength(1);
    } finally {
      await node.stop();
    }
  }, 60_000);

  it.each([
    ['a missing', (file: string) => unlinkSync(file)],
    ['an empty', (file: string) => truncateSync(file, 0)],
  ])(
    'L-D5: %s ledger file beside auth.jsonl and links.json stops the start; GAVEL_START_FRESH starts a new event no old token signs into',
    async (_what, damage) => {
      const { dir, participant, moderator } = await usedDataDir();
      damage(join(dir, 'ledger', `${EVENT}.jsonl`));
      const refused = startNode({ DATA_DIR: dir });
      await expect(refused).rejects.toThrow(
        /Gavel cannot start: .*ledger holds no event, but .*auth\.jsonl and .*links\.json hold the tokens and links of an earlier one\. .*restore .*ledger from a backup.*GAVEL_START_FRESH=1/,
      );
      const node = await startNode({ DATA_DIR: dir, GAVEL_START_FRESH: '1' });
      try {
        expect(await signsIn(node.url, participant)).toBe(false);
        expect(await signsIn(node.url, moderator)).toBe(false);
        expect(await signsIn(node.url, node.tokens.get('moderator: Kemo Camara')!)).toBe(true);
        expect(readdirSync(dir).filter((name) => /^(auth\.jsonl|links\.json)\.before-/.test(name))).toHaveLength(2);
      } finally {
        await node.stop();
      }
    },
    90_000,
  );

  it('L-D5: one event of two without its ledger file stops the start with that file named', async () => {
    const { dir } = await usedDataDir();
    // A second event's token in the journal whose ledger file is gone.
    const other = JSON.stringify({ op: 'policy', eventId: 'lost-event', policy: { open: false, passcodeHash: null } });
    appendFileSync(join(dir, 'auth.jsonl'), `${other}\n`);
    await expect(startNode({ DATA_DIR: dir })).rejects.toThrow(/holds no entries for "lost-event" \(.*lost-event\.jsonl is missing or empty\)/);
  }, 60_000);

  it('L-D5: GAVEL_START_FRESH left set on a healthy data dir moves nothing aside: old tokens still sign in', async () => {
    const { dir, participant } = await usedDataDir();
    const node = await startNode({ DATA_DIR: dir, GAVEL_START_FRESH: '1' });
    try {
      expect(await signsIn(node.url, participant)).toBe(true);
      expect(readdirSync(dir).filter((name) => name.includes('.before-'))).toEqual([]);
    } finally {
      await node.stop();
    }
  }, 60_000);

  it('L-D5: a half-written links.json beside a healthy ledger stops the start with the file named and what to do', async () => {
    const { dir } = await usedDataDir();
    writeFileSync(join(dir, 'links.json'), '{\n  "diaspora-covid19": [\n    {\n      "eventId": "dias');
    await expect(startNode({ DATA_DIR: dir, GAVEL_START_FRESH: '1' })).rejects.toThrow(
      /Gavel cannot start: .*links\.json: unreadable JSON .*Restore it from a backup; or, to start without it, move it aside/,
    );
  }, 60_000);

  it('L-D5: an unreadable line in the middle of auth.jsonl stops the start with the file, the line and what to do', async () => {
    const { dir } = await usedDataDir();
    const path = join(dir, 'auth.jsonl');
    appendFileSync(path, `{"op":"issue","rec\n${JSON.stringify({ op: 'policy', eventId: EVENT, policy: { open: true, passcodeHash: null } })}\n`);
    await expect(startNode({ DATA_DIR: dir })).rejects.toThrow(
      /Gavel cannot start: .*auth\.jsonl:\d+: unreadable line: the auth journal is damaged\. Restore it from a backup/,
    );
  }, 60_000);
});
