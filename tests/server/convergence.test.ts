/**
 * Many clients, a random mix of commands sent at once, registrations and an erasure among
 * them: every replica ends equal to the projection of the node's state (B6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { prng, randomCommand } from '../support/randomCommands.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('convergence', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    clients.push(await server.connect(server.tokenOf('kemo-camara')));
    clients.push(await server.connect(server.tokenOf('peter-kwok')));
    clients.push(await server.connect(server.tokenOf('niloufar-rahim')));
    const regions = ['africa', 'asia', 'europe', 'other', 'africa'] as const;
    for (const region of regions) clients.push(await server.connect((await server.register({ region })).token));
    clients.push(await server.connect(server.tokenOf('stage')));
  });
  afterAll(() => server.close());

  it('C0 B6: 1,000 random commands from all roles at once: every client state equals the projection of the server state', async () => {
    const random = prng(20200403);
    const senders = clients.filter((c) => c.self!.role !== 'stage');
    // Someone who chats and posts, then erases their registration while the others go on.
    const leaving = await server.register({ name: 'Leaving Person', community: 'Leaving community' });
    const leaver = await server.connect(leaving.token);
    await leaver.must('chat.send', { text: 'hello, I will not stay' });
    await leaver.must('contributions.post', { kind: 'need', title: 'A need', text: 'Help' });
    let sent = 0;
    const acks: Array<{ ok: boolean }> = [];
    let registrations = 0;
    let erased = false;
    while (sent < 1000) {
      if (sent >= registrations * 200) {
        registrations++;
        await server.register({ region: 'asia', country: 'Nepal' });
      }
      if (!erased && sent >= 500) {
        erased = true;
        expect((await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${leaving.token}` } })).status).toBe(204);
      }
      // Bursts of concurrent commands, so entries interleave in the ledger.
      const burst = senders.map((client) => {
        const { type, payload } = randomCommand(random, client.self!.role, client.state);
        sent++;
        return client.send(type, payload);
      });
      acks.push(...(await Promise.all(burst)));
    }
    const host = server.app.registry.get(server.eventId)!;
    await Promise.all(clients.map((c) => c.caughtUp(host.state.seq)));
    expect(host.redactions.forgotten.has(leaving.personId)).toBe(true);
    for (const c of clients) expect(c.state).toEqual(host.projectedState({ role: c.self!.role, personId: c.self!.id }));
    // A newcomer's snapshot is the same projection.
    const newcomer = await server.connect(server.tokenOf('stage'));
    expect(newcomer.state).toEqual(host.projectedState({ role: 'stage', personId: 'stage' }));
    expect(JSON.stringify(newcomer.state)).not.toContain('Leaving');
    // The mix exercised the event: many accepted commands, and some refused ones too.
    const accepted = acks.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThan(300);
    expect(acks.length - accepted).toBeGreaterThan(0);
  });
});
