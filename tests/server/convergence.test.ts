/** Many clients, a random mix of commands sent at once: every replica ends equal to the node's state. */
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

  it('C0: 1,000 random commands from all roles at once: every client state equals the server state', async () => {
    const random = prng(20200403);
    const senders = clients.filter((c) => c.self!.role !== 'stage');
    let sent = 0;
    const acks: Array<{ ok: boolean }> = [];
    while (sent < 1000) {
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
    for (const c of clients) expect(c.state).toEqual(host.state);
    // The mix exercised the event: many accepted commands, and some refused ones too.
    const accepted = acks.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThan(300);
    expect(acks.length - accepted).toBeGreaterThan(0);
  });
});
