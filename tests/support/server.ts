/** Start a real Gavel node in the test process, on port 0, with in-memory parts unless told otherwise. */

import { type AppDeps, createApp, type GavelApp } from '../../server/app.ts';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { newToken } from '../../server/auth/types.ts';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import type { InviteLink } from '../../server/links/types.ts';
import { scaledRates } from '../../server/security/options.ts';
import type { Registration } from '../../shared/protocol.ts';
import { DEFAULT_TEMPLATE, type Template } from '../../shared/template.ts';
import { TestClient } from './client.ts';
import { participantForm, type Registered, registered } from './register.ts';

export interface TestServer {
  app: GavelApp;
  url: string;
  /** The ops listener (S60): /readyz, /metrics. */
  opsUrl: string;
  /** The token that creates events (S61). */
  operatorToken: string;
  eventId: string;
  links: InviteLink[];
  /** The token of a roster person (by template key) or of the stage. */
  tokenOf(personId: string): string;
  register(form?: Partial<Registration>): Promise<Registered>;
  connect(token: string): Promise<TestClient>;
  close(): Promise<void>;
}

/**
 * Integration tests drive many clients from 127.0.0.1 far faster than people do: they run with
 * every abuse limit raised a thousandfold. tests/server/security passes `security` to test the real ones.
 */
export const TEST_LIMITS: AppDeps['security'] = { maxConnectionsPerIp: 100_000, maxSocketsPerPerson: 100_000, snapshotIntervalMs: 5, rates: scaledRates(1000) };

export async function startServer(options: Partial<AppDeps> & { template?: Template } = {}): Promise<TestServer> {
  const operatorToken = newToken();
  const app = await createApp({
    ledger: options.ledger ?? new MemoryLedger(),
    auth: options.auth ?? new MemoryAuthStore(),
    security: TEST_LIMITS,
    operatorToken,
    ...options,
  });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const opsUrl = `http://127.0.0.1:${await app.listenOps(0)}`;
  const { eventId, links } = await app.registry.create(options.template ?? DEFAULT_TEMPLATE);
  const clients: TestClient[] = [];
  let participants = 0;
  return {
    app,
    url,
    opsUrl,
    operatorToken,
    eventId,
    links,
    tokenOf(personId) {
      const link = links.find((l) => l.personId === personId);
      if (!link) throw new Error(`no link for ${personId}`);
      return link.token;
    },
    register(form = {}) {
      return registered(url, eventId, participantForm(++participants, form));
    },
    async connect(token) {
      const client = await TestClient.connect(url, token);
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.close();
      await app.close();
    },
  };
}
