/**
 * Rate limits per person and per address on chat, hands, registration and the API (S7), and
 * limits on connections per address and on message size (S11), with the real defaults
 * unless a test narrows one to keep it short.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY } from '../../../server/security/options.ts';
import type { TestClient } from '../../support/client.ts';
import type { TestServer } from '../../support/server.ts';
import { bearer, errorOf, MODERATOR, register, registered, startGuardedServer } from './support.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function participant(s: TestServer, name = 'Limited Person'): Promise<TestClient> {
  return s.connect((await registered(s.url, s.eventId, { name })).token);
}

describe('S7: rate limits', () => {
  it('S7: a participant chats freely up to the burst, then is told to slow down, and the refused message changes nothing', async () => {
    server = await startGuardedServer();
    const amina = await participant(server);
    const { burst } = DEFAULT_SECURITY.rates.chatPerPerson;
    for (let i = 0; i < burst; i++) await amina.must('chat.send', { text: `message ${i}` });
    const before = structuredClone(server.app.registry.get(server.eventId)!.state);
    const ack = await amina.send('chat.send', { text: 'one too many' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/^slow down/) } });
    if (!ack.ok) expect(ack.error.retryAfterMs).toBeGreaterThan(0);
    expect(server.app.registry.get(server.eventId)!.state).toEqual(before);
    // Someone else in the event is not affected.
    expect((await (await participant(server, 'Other Person')).send('chat.send', { text: 'hello' })).ok).toBe(true);
  });

  it('S7: toggling a hand up and down is limited per person; moderators running the event are not limited', async () => {
    server = await startGuardedServer();
    const amina = await participant(server);
    const { burst } = DEFAULT_SECURITY.rates.handPerPerson;
    for (let i = 0; i < burst; i++) await amina.must(i % 2 === 0 ? 'queue.raise' : 'queue.lower', {});
    expect(await amina.send('queue.raise', {})).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const moderator = await server.connect(server.tokenOf(MODERATOR));
    for (let i = 0; i < 3 * burst; i++) await moderator.must('chat.send', { text: `announcement ${i}` });
  });

  it('S7: a person cannot dodge the limit with a second tab, and people behind one address share a larger budget', async () => {
    server = await startGuardedServer({ rates: { chatPerPerson: { burst: 4, perSecond: 0.01 }, chatPerIp: { burst: 6, perSecond: 0.01 } } });
    const { token } = await registered(server.url, server.eventId);
    const [tab1, tab2] = [await server.connect(token), await server.connect(token)];
    for (let i = 0; i < 2; i++) await tab1.must('chat.send', { text: `tab1 ${i}` });
    for (let i = 0; i < 2; i++) await tab2.must('chat.send', { text: `tab2 ${i}` });
    expect(await tab2.send('chat.send', { text: 'over' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // A colleague on the same address: two more fit in the address budget, then it is spent.
    const colleague = await participant(server, 'Colleague');
    await colleague.must('chat.send', { text: 'one' });
    await colleague.must('chat.send', { text: 'two' });
    expect(await colleague.send('chat.send', { text: 'three' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('S7: registrations per address: a script registering in a loop gets 429 with Retry-After', async () => {
    server = await startGuardedServer({ rates: { registerPerIp: { burst: 3, perSecond: 0.1 } } });
    for (let i = 0; i < 3; i++) expect((await register(server.url, server.eventId, { name: `Bot ${i}` })).status).toBe(201);
    const res = await register(server.url, server.eventId, { name: 'Bot 4' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await errorOf(res)).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^slow down/) });
  });

  it('S7: API calls per address and per token', async () => {
    server = await startGuardedServer({ rates: { restPerIp: { burst: 12, perSecond: 0.1 }, restPerToken: { burst: 3, perSecond: 0.1 } } });
    const url = `${server.url}/api/events/${server.eventId}`;
    const [a, b] = [await registered(server.url, server.eventId), await registered(server.url, server.eventId)];
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/me`, { headers: bearer(a.token) })).status).toBe(200);
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(a.token) })).status).toBe(429);
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(b.token) })).status).toBe(200);
    // The address budget (12, two spent registering) runs out for everyone on it.
    let status = 200;
    for (let i = 0; i < 10 && status === 200; i++) status = (await fetch(url)).status;
    expect(status).toBe(429);
    // Health checks are not API calls: a load balancer keeps its view.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('S7: behind a trusted proxy each client has its own budget, and a forged X-Forwarded-For buys nothing without one', async () => {
    const rates = { registerPerIp: { burst: 1, perSecond: 0.01 } };
    server = await startGuardedServer({ rates });
    expect((await register(server.url, server.eventId, {}, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    expect((await register(server.url, server.eventId, {}, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(429);
    await server.close();
    server = await startGuardedServer({ rates, trustProxy: 1 });
    expect((await register(server.url, server.eventId, {}, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    expect((await register(server.url, server.eventId, {}, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(201);
    expect((await register(server.url, server.eventId, {}, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);
  });
});

function rawSocket(url: string, token: string): Socket {
  return io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
}

function outcome(socket: Socket): Promise<'connected' | string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
}

describe('S11: connections and message size', () => {
  it('S11: connections per address are capped before any handshake work; a closed one frees its place', async () => {
    server = await startGuardedServer({ maxConnectionsPerIp: 3 });
    const token = server.tokenOf('stage');
    const sockets = [rawSocket(server.url, token), rawSocket(server.url, token), rawSocket(server.url, token)];
    expect(await Promise.all(sockets.map(outcome))).toEqual(['connected', 'connected', 'connected']);
    const fourth = rawSocket(server.url, token);
    expect(await outcome(fourth)).not.toBe('connected');
    fourth.close();
    sockets[0]!.close();
    await new Promise<void>((resolve) => {
      const poll = () => (server!.app.io.engine.clientsCount < 3 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    const again = rawSocket(server.url, token);
    expect(await outcome(again)).toBe('connected');
    for (const s of [...sockets, again]) s.close();
  });

  it('S11: an oversized message closes that socket only, over WebSocket and over long-polling', async () => {
    server = await startGuardedServer();
    const bystander = await participant(server, 'Bystander');
    const big = await participant(server, 'Big Sender');
    const closed = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
    big.untyped.emit('command', { type: 'chat.send', payload: { text: 'z'.repeat(100_000) } });
    expect(await closed).toBe('transport close');
    // Long-polling: the HTTP body over the limit is refused with 413.
    const handshake = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    const sid = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
    const post = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: `4${'x'.repeat(100_000)}` });
    expect(post.status).toBe(413);
    expect((await bystander.send('chat.send', { text: 'still fine' })).ok).toBe(true);
  });
});
