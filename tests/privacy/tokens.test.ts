/**
 * S15: a node's stdout and stderr, which usually end up in a log, carry sign-in links only at
 * the start that created the event; later starts print none, and `npm run links` still does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { bearer, registered } from '../server/security/support.ts';
import { printLinks, readLinks, startNode } from '../support/nodeProcess.ts';
import { postEvent } from '../support/operator.ts';

const EVENT = 'diaspora-covid19';
const dir = mkdtempSync(join(tmpdir(), 'gavel-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tokens on stdout (S15)', () => {
  it('S15: the first start prints the links of the event it created; a second start on the same DATA_DIR prints no token at all', async () => {
    const env = { DATA_DIR: dir, LOG_LEVEL: 'debug' };
    const first = await startNode(env);
    let secrets: string[];
    try {
      expect(first.output()).toContain('Keep these links private');
      expect(first.tokens.size).toBeGreaterThan(0);
      for (const token of first.tokens.values()) expect(first.output()).toContain(`#k=${token}`);
      // Secrets made after the start: a participant's token and a second event's links.
      const participant = await registered(first.url, EVENT);
      const created = await postEvent(first.url, first.operatorToken, { ...DEFAULT_TEMPLATE, id: 'town-hall' });
      expect(created.status).toBe(201);
      const later = [...(await printLinks(env)).matchAll(/#k=(\S+)/g)].map((m) => m[1]!);
      expect(later.length).toBe(2 * first.tokens.size);
      secrets = [...later, participant.token];
    } finally {
      await first.stop();
    }

    const second = await startNode(env);
    try {
      const output = second.output();
      expect(output).toContain('Gavel is running at');
      expect(output).toContain('npm run links');
      expect(output).not.toContain('#k=');
      for (const secret of secrets) expect(output).not.toContain(secret);
      // The links still work, and `npm run links` prints them on demand.
      expect(second.tokens).toEqual(await readLinks(env));
      const me = await fetch(`${second.url}/api/me`, { headers: bearer(second.tokens.get('moderator: Kemo Camara')!) });
      expect(me.status).toBe(200);
    } finally {
      await second.stop();
    }
    // Still nothing after shutting down.
    for (const secret of secrets) expect(second.output()).not.toContain(secret);
  }, 120_000);
});
