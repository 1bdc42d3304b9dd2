/** S6: a moderator closes registration or protects it with a passcode that stays secret. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../../server/auth/file.ts';
import { MemoryLedger } from '../../../server/ledger/memory.ts';
import { hashPasscode, passcodeMatches } from '../../../server/people/passcode.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { bearer, errorOf, MODERATOR, register, templateWithEveryRole } from '../security/support.ts';

const PASSCODE = 'Diaspora-2020!';

describe('registration settings', () => {
  let server: TestServer;
  let modToken: string;
  const ledger = new MemoryLedger();
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-registration-'));

  beforeAll(async () => {
    server = await startServer({ ledger, auth: await FileAuthStore.open(dataDir), template: templateWithEveryRole('registration') });
    modToken = server.tokenOf(MODERATOR);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const settings = (body: unknown, token = modToken) =>
    fetch(`${server.url}/api/events/${server.eventId}/registration`, {
      method: 'PUT',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const info = async () => ((await (await fetch(`${server.url}/api/events/${server.eventId}`)).json()) as { registration: unknown }).registration;

  it('S6: registration is open by default and the event page says so', async () => {
    expect(await info()).toEqual({ open: true, passcode: false, lobby: false });
    expect((await register(server.url, server.eventId)).status).toBe(201);
  });

  it('S6: a closed registration refuses everyone with a clear reason', async () => {
    expect(await (await settings({ open: false })).json()).toEqual({ open: false, passcode: false, lobby: false });
    expect(await info()).toEqual({ open: false, passcode: false, lobby: false });
    const res = await register(server.url, server.eventId);
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toEqual({ code: 'forbidden', message: 'registration for this event is closed' });
  });

  it('S6: with a passcode, registering needs it; a wrong or missing one is refused', async () => {
    expect(await (await settings({ open: true, passcode: PASSCODE })).json()).toEqual({ open: true, passcode: true, lobby: false });
    expect(await info()).toEqual({ open: true, passcode: true, lobby: false });
    const missing = await register(server.url, server.eventId);
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).message).toBe('this event needs a passcode to register');
    const wrong = await register(server.url, server.eventId, { passcode: 'diaspora-2020!' });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe('that passcode is not right');
    expect((await register(server.url, server.eventId, { passcode: PASSCODE })).status).toBe(201);
  });

  it('S6: the passcode is a secret: only a salted hash is stored, it never reaches the event state, the ledger or an answer', async () => {
    const journal = readFileSync(join(dataDir, 'auth.jsonl'), 'utf8');
    expect(journal).not.toContain(PASSCODE);
    expect(journal).toMatch(/"passcodeHash":"scrypt\$[\w-]+\$[\w-]+"/);
    const host = server.app.registry.get(server.eventId)!;
    expect(JSON.stringify(host.state)).not.toContain(PASSCODE);
    const entries = await ledger.read(server.eventId, 0, 100_000);
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain(PASSCODE);
    const publicInfo = await (await fetch(`${server.url}/api/events/${server.eventId}`)).text();
    expect(publicInfo).not.toContain(PASSCODE);
    expect(publicInfo).not.toContain('scrypt');
  });

  it('S6: the settings survive a restart of the node', async () => {
    const reopened = await FileAuthStore.open(dataDir);
    try {
      const policy = await reopened.registrationPolicy(server.eventId);
      expect(policy.open).toBe(true);
      expect(await passcodeMatches(PASSCODE, policy.passcodeHash!)).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('S6: removing the passcode opens registration to all again', async () => {
    expect(await (await settings({ open: true, passcode: null })).json()).toEqual({ open: true, passcode: false, lobby: false });
    expect((await register(server.url, server.eventId)).status).toBe(201);
  });

  it('S6: only a moderator changes the settings, with a well-formed request', async () => {
    const participant = (await (await register(server.url, server.eventId)).json()) as { token: string };
    expect((await settings({ open: false }, participant.token)).status).toBe(403);
    expect((await settings({ open: 'no' })).status).toBe(400);
    expect((await settings({ open: true, passcode: 'abc' })).status).toBe(400);
    expect(await info()).toEqual({ open: true, passcode: false, lobby: false });
  });
});

describe('passcode hashing', () => {
  it('S6: the same passcode hashes differently each time (salted) and checks against either', async () => {
    const [a, b] = [await hashPasscode(PASSCODE), await hashPasscode(PASSCODE)];
    expect(a).not.toBe(b);
    expect(await passcodeMatches(PASSCODE, a)).toBe(true);
    expect(await passcodeMatches(PASSCODE, b)).toBe(true);
    expect(await passcodeMatches(`${PASSCODE} `, a)).toBe(false);
    expect(await passcodeMatches(PASSCODE, 'plain:Diaspora-2020!')).toBe(false);
    expect(await passcodeMatches(PASSCODE, 'scrypt$AAAA$AAAA')).toBe(false);
  });

  it('S6: unicode passcodes compare by their normalised form', async () => {
    const stored = await hashPasscode('Caf\u00e9-Dakar');
    expect(await passcodeMatches('Cafe\u0301-Dakar', stored)).toBe(true);
  });
});
