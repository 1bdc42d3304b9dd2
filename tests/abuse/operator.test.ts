/**
 * Issue 13, point 7 (S61): creating events is the operator's act. A moderator link, a
 * participant's token or none creates nothing; the operator token (generated once into
 * DATA_DIR, or OPERATOR_TOKEN) does, and reaches stdout only when it was just made or when asked.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { newToken } from '../../server/auth/types.ts';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { operatorTokenIn, printLinks, startNode } from '../support/nodeProcess.ts';
import { postEvent } from '../support/operator.ts';
import { registered } from '../support/register.ts';

const EVENT = 'diaspora-covid19';
const MODERATOR = 'moderator: Kemo Camara';
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-operator-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const exists = async (url: string, eventId: string) => (await fetch(`${url}/api/events/${eventId}`)).status === 200;

describe('S61: the operator token', () => {
  it('S61: no token, a moderator link or a participant creates nothing; the operator does, and the new moderator manages only their event', async () => {
    const dir = dataDir();
    const node = await startNode({ DATA_DIR: dir });
    try {
      const participant = await registered(node.url, EVENT, { name: 'Ana', community: 'Test', region: 'africa', country: 'Belgium', consentToBeNamed: true });
      const refusals = [
        { token: null, status: 401 },
        { token: node.tokens.get(MODERATOR)!, status: 403 },
        { token: participant.token, status: 403 },
        { token: newToken(), status: 403 },
      ];
      for (const [i, { token, status }] of refusals.entries()) {
        const res = await postEvent(node.url, token, { ...DEFAULT_TEMPLATE, id: `attempt-${i}` });
        expect(res.status, `attempt ${i}`).toBe(status);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/operator token/);
        expect(await exists(node.url, `attempt-${i}`)).toBe(false);
      }

      const created = await postEvent(node.url, node.operatorToken, { ...DEFAULT_TEMPLATE, id: 'town-hall' });
      expect(created.status).toBe(201);
      const links = ((await created.json()) as { links: Array<{ role: string; url: string }> }).links;
      const newModerator = new URL(links.find((l) => l.role === 'moderator')!.url).hash.slice('#k='.length);
      // Each moderator manages their own event, and the operator token signs nobody in.
      expect((await fetch(`${node.url}/api/events/town-hall/links`, { headers: bearer(newModerator) })).status).toBe(200);
      expect((await fetch(`${node.url}/api/events/${EVENT}/links`, { headers: bearer(newModerator) })).status).toBe(403);
      expect((await fetch(`${node.url}/api/events/town-hall/links`, { headers: bearer(node.tokens.get(MODERATOR)!) })).status).toBe(403);
      expect((await fetch(`${node.url}/api/me`, { headers: bearer(node.operatorToken) })).status).toBe(401);
    } finally {
      await node.stop();
    }
  }, 60_000);

  it('S61: generated once into DATA_DIR (0600), printed at that start and by `npm run links`, by no later start', async () => {
    const dir = dataDir();
    const first = await startNode({ DATA_DIR: dir, LOG_LEVEL: 'debug' });
    await first.stop();
    expect(operatorTokenIn(first.output())).toBe(first.operatorToken);
    expect(statSync(join(dir, 'operator-token')).mode & 0o777).toBe(0o600);

    const second = await startNode({ DATA_DIR: dir, LOG_LEVEL: 'debug' });
    try {
      expect(second.operatorToken).toBe(first.operatorToken);
      expect((await postEvent(second.url, second.operatorToken, { ...DEFAULT_TEMPLATE, id: 'second-start' })).status).toBe(201);
    } finally {
      await second.stop();
    }
    expect(second.output()).not.toContain(first.operatorToken);
  }, 60_000);

  it('S61: OPERATOR_TOKEN is used as given and never printed; one too short stops the node with the reason', async () => {
    const dir = dataDir();
    const operatorToken = newToken();
    const node = await startNode({ DATA_DIR: dir, OPERATOR_TOKEN: operatorToken });
    try {
      expect((await postEvent(node.url, operatorToken, { ...DEFAULT_TEMPLATE, id: 'from-env' })).status).toBe(201);
      expect(node.output()).not.toContain(operatorToken);
      expect(await printLinks({ DATA_DIR: dir, OPERATOR_TOKEN: operatorToken })).not.toContain(operatorToken);
    } finally {
      await node.stop();
    }
    await expect(startNode({ DATA_DIR: dataDir(), OPERATOR_TOKEN: 'short' })).rejects.toThrow(/OPERATOR_TOKEN: at least 32 characters/);
  }, 60_000);

  it('S61: `npm run create-event` creates an event from a template in DATA_DIR, with the server stopped', async () => {
    const dir = dataDir();
    const template = join(dir, 'workshop.json');
    writeFileSync(template, JSON.stringify({ ...DEFAULT_TEMPLATE, id: 'workshop', title: 'Workshop' }));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/createEvent.ts', template], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DATA_DIR: dir },
      timeout: 30_000,
    });
    expect(stdout).toMatch(/Event workshop/);
    const node = await startNode({ DATA_DIR: dir });
    try {
      expect(await exists(node.url, 'workshop')).toBe(true);
    } finally {
      await node.stop();
    }
  }, 60_000);
});
