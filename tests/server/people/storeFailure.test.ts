/** L-D3, L-D4 in one process: what people and moderators are answered while the auth journal cannot be written. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../../server/auth/file.ts';
import { FileLedger } from '../../../server/ledger/file.ts';
import { FakeDisk } from '../../support/fakeDisk.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { bearer, errorOf, MODERATOR, register, registered, templateWithEveryRole } from '../security/support.ts';

describe('a file store that cannot write', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-store-failure-'));
  const disk = new FakeDisk();
  let server: TestServer;
  const failures: string[] = [];

  beforeAll(async () => {
    const hooks = { openHandle: disk.open, probeDelays: [60_000, 60_000] as const };
    server = await startServer({
      ledger: await FileLedger.open({ dataDir, ...hooks }),
      auth: await FileAuthStore.open(dataDir, { ...hooks, onFailure: (problem) => failures.push(problem) }),
      template: templateWithEveryRole('storefail'),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readiness = async () => {
    const res = await fetch(`${server.opsUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('L-D3, L-D4: a registration is 503 `unavailable` (never 201), a removal is refused, /readyz names the journal; once it can write, all works again', async () => {
    const amara = await registered(server.url, server.eventId, { name: 'Amara' });
    disk.space = 0;

    const refused = await register(server.url, server.eventId, { name: 'Bilal' });
    expect(refused.status).toBe(503);
    expect(await errorOf(refused)).toEqual({ code: 'unavailable', message: expect.stringMatching(/nothing was saved, please try again/) });
    expect(await readiness()).toEqual({ status: 503, body: { ready: false, reason: expect.stringMatching(/^cannot write .*auth\.jsonl: ENOSPC/) } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const moderator = await server.connect(server.tokenOf(MODERATOR));
    const removal = await moderator.send('people.remove', { personId: amara.personId });
    expect(removal).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/nothing was saved/) } });
    // The revocation was not written, so it did not happen: Amara is still in.
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(amara.token) })).status).toBe(200);
    expect(failures).toHaveLength(1);

    disk.space = Infinity;
    await registered(server.url, server.eventId, { name: 'Bilal' });
    expect((await readiness()).status).toBe(200);
    expect(await moderator.send('people.remove', { personId: amara.personId })).toMatchObject({ ok: true });
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(amara.token) })).status).toBe(401);
  });
});
