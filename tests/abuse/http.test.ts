import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { errorOf } from '../server/security/support.ts';
import { nodePerTest } from '../support/nodeProcess.ts';
import { postEvent } from '../support/operator.ts';
import { startServer } from '../support/server.ts';

const EVENT = 'diaspora-covid19';
const freshNode = nodePerTest('gavel-abuse-http-');

interface Answer {
  status: number;
  body: string;
}

/** A GET with the headers a browser (or a rebinding page) would send, which fetch does not let a caller set. */
function get(port: number, path: string, headers: Record<string, string>, localAddress?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket upgrade to Socket.IO: true when the node switched protocols. */
function upgrades(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/socket.io/?EIO=4&transport=websocket',
      agent: false,
      headers: { host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(true);
    });
    req.on('response', () => resolve(false));
    req.on('error', () => resolve(false));
    req.end();
  });
}

describe('the Host header', () => {
  it('S33: a DNS-rebinding page (its own name, its own origin) is refused by the API, the pages and Socket.IO; the node names the fix', async () => {
    const { port } = await freshNode();
    const rebound = `rebind.attacker.example:${port}`;
    const api = await get(port, `/api/events/${EVENT}`, { host: rebound, origin: `http://${rebound}` });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toEqual({
      error: { code: 'forbidden', message: 'this Gavel node does not answer to that host name; its operator can add it to ALLOWED_HOSTS' },
    });
    // A same-origin GET carries no Origin at all.
    expect((await get(port, `/api/events/${EVENT}`, { host: rebound })).status).toBe(403);
    expect((await get(port, '/healthz', { host: rebound })).status).toBe(403);
    expect((await get(port, '/socket.io/?EIO=4&transport=polling', { host: rebound })).status).toBe(403);
    expect(await upgrades(port, rebound)).toBe(false);
    // The same requests under the node's own names work.
    expect((await get(port, '/socket.io/?EIO=4&transport=polling', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect(await upgrades(port, `localhost:${port}`)).toBe(true);
  });

  it('S33: localhost, every IP address and ALLOWED_HOSTS are known by default; "*" turns the check off', async () => {
    const { port } = await freshNode({ ALLOWED_HOSTS: 'events.example.org' });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, '192.168.1.20', `EVENTS.example.org:${port}`, 'events.example.org.']) {
      expect((await get(port, `/api/events/${EVENT}`, { host })).status, host).toBe(200);
    }
    expect((await get(port, `/api/events/${EVENT}`, { host: 'example.org' })).status).toBe(403);
    const open = await freshNode({ ALLOWED_HOSTS: '*' });
    expect((await get(open.port, `/api/events/${EVENT}`, { host: 'anything.example' })).status).toBe(200);
  });

  it("S33: PUBLIC_URL's host name is known", async () => {
    const server = await startServer({ publicUrl: 'https://gavel.example.org' });
    try {
      const port = Number(new URL(server.url).port);
      expect((await get(port, `/api/events/${server.eventId}`, { host: 'gavel.example.org' })).status).toBe(200);
      expect((await get(port, `/api/events/${server.eventId}`, { host: 'gavel.example.org.evil.example' })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

/** Open `count` connections that each send half a request and then nothing; each resolves `closed` when the node closes it. */
function halfSentRequests(port: number, count: number): Array<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return Array.from({ length: count }, () => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('error', () => {});
    socket.write(`GET /api/events/${EVENT} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    return { socket, received: () => received, closed: new Promise<void>((resolve) => socket.once('close', () => resolve())) };
  });
}

describe('idle connections', () => {
  it('S34: 400 half-sent requests from one address: those past the cap are told 429 and closed at once, the rest time out; another address is served throughout', async () => {
    const { port } = await freshNode({ MAX_CONNECTIONS_PER_IP: '200' });
    const attack = halfSentRequests(port, 400);
    // The cap is MAX_CONNECTIONS_PER_IP (200) + 50: the others are refused as soon as they are accepted.
    await new Promise<void>((resolve) => {
      let closed = 0;
      for (const c of attack) void c.closed.then(() => ++closed === 150 && resolve());
    });
    const told = attack.filter((c) => c.socket.destroyed);
    expect(told).toHaveLength(150);
    expect(told.every((c) => c.received().startsWith('HTTP/1.1 429 Too Many Requests'))).toBe(true);
    expect(told[0]!.received()).toContain('too many connections from this address');

    const bystander = await get(port, `/api/events/${EVENT}`, { host: `127.0.0.1:${port}` }, '127.0.0.2');
    expect(bystander.status).toBe(200);

    // The held ones are closed by the node itself (headers must come within 10 s), with a 408.
    await Promise.all(attack.map((c) => c.closed));
    const held = attack.filter((c) => !told.includes(c));
    expect(held).toHaveLength(250);
    expect(held.every((c) => c.received().startsWith('HTTP/1.1 408'))).toBe(true);
    expect((await get(port, `/api/events/${EVENT}`, { host: `127.0.0.1:${port}` })).status).toBe(200);
  }, 60_000);
});

describe('templates', () => {
  it('S35: a template person keyed "stage" is refused with the reason, and no event is created', async () => {
    const { url, operatorToken } = await freshNode();
    const template = {
      ...DEFAULT_TEMPLATE,
      id: 'stage-clash',
      people: [...DEFAULT_TEMPLATE.people.slice(0, 1), { key: 'stage', name: 'Stage Manager', role: 'moderator' }],
      segments: DEFAULT_TEMPLATE.segments.map((s) => ({ ...s, speakers: [] })),
    };
    const res = await postEvent(url, operatorToken, template);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'bad_request',
      message: 'the template is not valid: people.1.key: "stage" is kept for the stage display: choose another key',
    });
    expect((await fetch(`${url}/api/events/stage-clash`)).status).toBe(404);
  });
});

describe('malformed addresses', () => {
  it('S36: a malformed %-escape in the address answers 400 saying so, not that the body is bad JSON; a bad body still says that', async () => {
    const { url } = await freshNode();
    for (const path of ['/api/events/%zz', '/api/events/%E0%A4%A/people']) {
      const res = await fetch(url + path);
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toEqual({ code: 'bad_request', message: 'the address is not valid: it holds a malformed %-escape' });
    }
    const badBody = await fetch(`${url}/api/events/${EVENT}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(badBody.status).toBe(400);
    expect(await errorOf(badBody)).toEqual({ code: 'bad_request', message: 'the request body is not valid JSON' });
  });
});
