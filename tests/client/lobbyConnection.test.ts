/**
 * The browser's connection module in the lobby (S46), against a real node: a waiting page is
 * told so and gets nothing of the event; let in, it comes back at once (not after the second
 * a restart waits) and gets the event; declined, its session ends saying why.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { when } from '../support/signals.ts';

// The page connects to its own origin; here that is the test node.
const target = vi.hoisted(() => ({ url: '' }));
vi.mock('socket.io-client', async (importOriginal) => {
  const real = await importOriginal<typeof import('socket.io-client')>();
  return { ...real, io: (options: Parameters<typeof real.io>[1]) => real.io(target.url, { ...options, transports: ['websocket'] }) };
});
const { connectToEvent, disconnect } = await import('../../client/src/connection.ts');
const { connection, eventState, lobby, serverNotice, self } = await import('../../client/src/store.ts');

describe('the browser connection in the lobby', () => {
  let server: TestServer;
  const moderatorToken = () => server.tokenOf(server.links.find((l) => l.role === 'moderator')!.personId);
  const asModerator = (path: string, body: unknown, method = 'POST') =>
    fetch(`${server.url}/api/events/${server.eventId}${path}`, {
      method,
      headers: { authorization: `Bearer ${moderatorToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startServer();
    target.url = server.url;
    expect((await asModerator('/registration', { open: true, lobby: true }, 'PUT')).status).toBe(200);
  });
  afterEach(() => {
    disconnect();
    for (const s of [eventState, self, serverNotice, lobby]) s.value = null;
    connection.value = 'idle';
  });
  afterAll(() => server.close());

  it('S46: a waiting page is told it waits and gets nothing of the event; let in, it comes back at once and gets the event', async () => {
    const amara = await server.register({ name: 'Amara' });
    connectToEvent(amara.token);
    await when(lobby, (state) => state === 'waiting');
    expect(eventState.value).toBeNull();

    // A restart's reconnect goes through "reconnecting" and waits a second (connection.ts); an admission comes straight back.
    const states: string[] = [];
    const stop = connection.subscribe((value) => states.push(value));
    expect(await (await asModerator('/lobby/admit', { personIds: [amara.personId] })).json()).toEqual({ admitted: 1 });
    await when(eventState, (state) => state !== null);
    stop();
    expect(states).not.toContain('reconnecting');
    expect(lobby.value).toBeNull();
    expect(self.value?.name).toBe('Amara');
    expect(connection.value).toBe('online');
  });

  it('S46: a declined page ends its session and says why', async () => {
    const bram = await server.register({ name: 'Bram' });
    connectToEvent(bram.token);
    await when(lobby, (state) => state === 'waiting');
    expect((await asModerator('/lobby/decline', { personId: bram.personId })).status).toBe(204);
    await when(connection, (state) => state === 'closed');
    expect(serverNotice.value?.code).toBe('declined');
    expect(lobby.value).toBeNull();
  });
});
