/**
 * Web hardening (S12): security headers and a strict CSP on every response, browser origins
 * limited for the API and for Socket.IO, no stack trace or internal detail in any error, and
 * structured logs without tokens or personal data.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../../server/auth/memory.ts';
import type { DirectoryPage } from '../../../server/auth/types.ts';
import { MemoryLedger } from '../../../server/ledger/memory.ts';
import type { EntryDraft } from '../../../server/ledger/types.ts';
import type { Entry } from '../../../shared/protocol.ts';
import { TestClient } from '../../support/client.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { bearer, MODERATOR, registered, templateWithEveryRole } from './support.ts';

const CSP =
  "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self';img-src 'self' data:;font-src 'self' data:;" +
  "connect-src 'self';manifest-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";

describe('S12: security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ template: templateWithEveryRole('headers') });
  });
  afterAll(() => server.close());

  it('S12: every response carries the strict CSP and the other helmet headers, and no X-Powered-By', async () => {
    for (const path of ['/healthz', `/api/events/${server.eventId}`, '/api/nowhere', `/api/events/${server.eventId}/chat`]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-security-policy'), path).toBe(CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
      // Plain HTTP (the default): no HSTS, no upgrade of every asset to an HTTPS that is not there.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('S12: behind HTTPS (PUBLIC_URL https://…) the node adds HSTS, upgrades insecure requests and names its WebSocket origin', async () => {
    const secure = await startServer({ publicUrl: 'https://gavel.example.org', template: templateWithEveryRole('secure') });
    try {
      const res = await fetch(`${secure.url}/healthz`);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' wss://gavel.example.org");
      expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await secure.close();
    }
  });
});

describe('S12: origins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ template: templateWithEveryRole('origins'), security: { allowedOrigins: ['https://events.example.org'] } });
  });
  afterAll(() => server.close());

  const socketWithOrigin = (origin: string) =>
    new Promise<string>((resolve) => {
      const socket = io(server.url, {
        auth: { token: server.tokenOf('stage') },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { origin },
      });
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
      setTimeout(() => socket.close(), 2_000).unref();
    });

  it('S12: Socket.IO accepts the node’s own origin and configured ones, and refuses a foreign page before the handshake', async () => {
    expect(await socketWithOrigin(server.url)).toBe('connected');
    expect(await socketWithOrigin('https://events.example.org')).toBe('connected');
    expect(await socketWithOrigin('https://evil.example')).toMatch(/^refused/);
    expect(await socketWithOrigin('null')).toMatch(/^refused/);
  });

  it('S12: the API answers a foreign page 403 with no CORS headers; a configured origin gets CORS; polling offers no CORS', async () => {
    const path = `${server.url}/api/events/${server.eventId}`;
    const evil = await fetch(path, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(path, { method: 'OPTIONS', headers: { origin: 'https://events.example.org', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://events.example.org');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const same = await fetch(path, { headers: { origin: server.url } });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://events.example.org' } });
    expect(polling.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** An auth store and a ledger that fail like a broken disk, with internals in their messages. */
class BrokenDirectory extends MemoryAuthStore {
  override async directory(): Promise<DirectoryPage> {
    throw new Error('ENOSPC at /srv/gavel/server/auth/file.ts:42 token=abc');
  }
}
class FlakyLedger extends MemoryLedger {
  failNext = false;
  override async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    if (this.failNext) {
      this.failNext = false;
      throw new TypeError("Cannot read properties of undefined (reading 'seq') at /srv/gavel/server/ledger/memory.ts:77");
    }
    return super.append(eventId, draft);
  }
}

describe('S12: errors and logs', () => {
  let server: TestServer;
  const ledger = new FlakyLedger();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    // A plain pino logger at the most verbose level: nothing relies on redaction to keep secrets out.
    server = await startServer({ ledger, auth: new BrokenDirectory(), logger: pino({ level: 'trace' }, sink), template: templateWithEveryRole('logs') });
  });
  afterAll(() => server.close());

  it('S12: an unexpected failure answers a generic error, with no stack trace, path or message from inside', async () => {
    const { token } = await registered(server.url, server.eventId);
    const res = await fetch(`${server.url}/api/events/${server.eventId}/people`, { headers: bearer(token) });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'internal', message: 'something went wrong on the server; nothing was changed' } });
    const moderator = await server.connect(server.tokenOf(MODERATOR));
    ledger.failNext = true;
    const ack = await moderator.send('chat.send', { text: 'this append fails' });
    expect(ack).toEqual({ ok: false, error: { code: 'internal', message: 'something went wrong on the server; nothing was changed' } });
    expect(JSON.stringify(ack)).not.toMatch(/srv|\.ts|ENOSPC|seq/);
    expect((await moderator.send('chat.send', { text: 'the next one works' })).ok).toBe(true);
  });

  it('S12: logs are structured JSON and hold no token, passcode, name, community, organisation or address', async () => {
    const person = { name: 'Zainab Qaderi', community: 'Hazara diaspora', organisation: 'Bamiyan Aid', country: 'Australia' };
    const amina = await registered(server.url, server.eventId, person);
    const modToken = server.tokenOf(MODERATOR);
    const moderator = await server.connect(modToken);
    const client = await server.connect(amina.token);
    await client.must('chat.send', { text: 'hello' });
    await fetch(`${server.url}/api/events/${server.eventId}/registration`, {
      method: 'PUT',
      headers: { ...bearer(modToken), 'content-type': 'application/json' },
      body: JSON.stringify({ open: true, passcode: 'Kabul-Sydney-2020' }),
    });
    await fetch(`${server.url}/api/events/${server.eventId}/people/${amina.personId}/revoke`, { method: 'POST', headers: bearer(modToken) });
    const again = await registered(server.url, server.eventId, { ...person, passcode: 'Kabul-Sydney-2020' });
    const secondTab = await TestClient.connect(server.url, again.token);
    await moderator.must('people.remove', { personId: again.personId, reason: 'testing the logs' });
    secondTab.close();
    const third = await registered(server.url, server.eventId, { ...person, passcode: 'Kabul-Sydney-2020' });
    await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer(third.token) });
    await fetch(`${server.url}/api/events/${server.eventId}/people`, { headers: bearer(modToken) }); // the broken directory: an error logged

    expect(lines.length).toBeGreaterThan(3);
    const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    const messages = records.map((r) => r.msg);
    for (const expected of ['link revoked', 'person removed', 'registration deleted', 'registration settings changed', 'request failed'])
      expect(messages).toContain(expected);
    const all = lines.join('\n');
    for (const secret of [
      amina.token,
      again.token,
      third.token,
      modToken,
      'Kabul-Sydney-2020',
      person.name,
      person.community,
      person.organisation,
      '127.0.0.1',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
