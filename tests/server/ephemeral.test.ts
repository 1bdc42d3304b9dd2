/** Presence, reactions and the clock ping: ephemeral signals that never enter the ledger. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('ephemeral signals', () => {
  let server: TestServer;
  let moderator: TestClient;
  let stage: TestClient;
  let participant: TestClient;
  let participantToken: string;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    stage = await server.connect(server.tokenOf('stage'));
    participantToken = (await server.register()).token;
    participant = await server.connect(participantToken);
  });
  afterAll(() => server.close());

  it('Y1: presence counts who is online, per role, and drops those who leave', async () => {
    await moderator.until(() => moderator.presence?.counts.participant === 1 && moderator.presence.counts.stage === 1);
    expect(moderator.presence).toMatchObject({ counts: { moderator: 1, participant: 1, stage: 1 }, total: 3 });
    const extra = await server.connect((await server.register()).token);
    await moderator.until(() => moderator.presence?.counts.participant === 2);
    extra.close();
    await moderator.until(() => moderator.presence?.counts.participant === 1);
  });

  it('Y1: a socket that joins is told who is online at once, even when its joining changes no count (a second tab, a reload)', async () => {
    await moderator.until(() => moderator.presence?.counts.participant === 1);
    const counts = moderator.presence!;
    // The participant is online already: a second socket of theirs changes nothing the others would be told.
    const secondTab = await server.connect(participantToken);
    try {
      await secondTab.until(() => secondTab.presence !== null);
      expect(secondTab.presence).toEqual(counts);
    } finally {
      secondTab.close();
    }
  });

  it('Y2: reactions reach every screen aggregated per second, are rate-limited, and never enter the ledger', async () => {
    const seqBefore = server.app.registry.get(server.eventId)!.state.seq;
    const batches = stage.reactions;
    const acks = await Promise.all(Array.from({ length: 8 }, () => participant.socket.timeout(5000).emitWithAck('reaction', { kind: 'applause' })));
    expect(acks.filter((a: { ok: boolean }) => a.ok)).toHaveLength(5);
    expect(acks.find((a: { ok: boolean }) => !a.ok)).toMatchObject({ error: { code: 'rate_limited' } });
    await moderator.socket.timeout(5000).emitWithAck('reaction', { kind: 'heart' });
    await stage.until(() => batches.reduce((n, c) => n + (c.applause ?? 0) + (c.heart ?? 0), 0) >= 6, 5000);
    expect(batches.reduce((n, c) => n + (c.applause ?? 0), 0)).toBe(5);
    expect(await stage.socket.timeout(5000).emitWithAck('reaction', { kind: 'heart' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await participant.untyped.timeout(5000).emitWithAck('reaction', { kind: '<script>' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(server.app.registry.get(server.eventId)!.state.seq).toBe(seqBefore);
  });

  it('T1: the clock ping answers with the server time, echoing the client time', async () => {
    const sent = 12345.5;
    const reply = await participant.socket.timeout(5000).emitWithAck('clock.ping', { clientSentAt: sent });
    expect(reply.clientSentAt).toBe(sent);
    expect(Math.abs(reply.serverAt - Date.now())).toBeLessThan(1000);
  });
});
