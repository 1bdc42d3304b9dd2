/**
 * S62: a flood costs its sender, not the room. Every request to a listener takes a token from
 * its address's budget (one per listener), and a request refused for coming too fast is
 * answered after a second, its connection held meanwhile: a script that sends again as soon as
 * it is answered is slowed to one request a second per connection. Run on a node with small
 * budgets, so that a few dozen requests show what thousands would.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { REFUSAL_DELAY_MS } from '../../server/security/rateLimiter.ts';
import { startServer, TEST_LIMITS, type TestServer } from '../support/server.ts';

const BURST = 20;

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
  ms: number;
}

/** A GET from `localAddress` on a connection of its own, timed from sending to the whole answer. */
function get(url: string, localAddress: string): Promise<Answer> {
  const sent = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], body, ms: performance.now() - sent }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A node whose every listener lets an address send `BURST` requests at once, then one a second. */
async function smallBudgets(): Promise<TestServer> {
  server = await startServer({ security: { ...TEST_LIMITS, rates: { ...TEST_LIMITS!.rates, requestsPerIp: { burst: BURST, perSecond: 1 } } } });
  return server;
}

describe('S62: refusals cost the refused', () => {
  it('past its budget an address is told 429 a second later, on the public port; another address is served meanwhile', async () => {
    const { url } = await smallBudgets();
    const flood = await Promise.all(Array.from({ length: BURST * 2 }, () => get(`${url}/healthz`, '127.0.0.31')));
    const served = flood.filter((a) => a.status === 200);
    const refused = flood.filter((a) => a.status === 429);
    expect(served.length + refused.length).toBe(flood.length);
    expect(served.length).toBeGreaterThanOrEqual(BURST);
    expect(served.length).toBeLessThanOrEqual(BURST + 2);
    for (const answer of refused) {
      // A timer never fires early, however busy the machine: each refusal waited out the delay.
      expect(answer.ms).toBeGreaterThanOrEqual(REFUSAL_DELAY_MS - 5);
      expect(answer.retryAfter).toBe('1');
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'rate_limited', message: 'slow down: too many requests, try again in 1 s', retryAfterMs: expect.any(Number) },
      });
    }
    expect((await get(`${url}/healthz`, '127.0.0.32')).status).toBe(200);
  });

  it('the ops listener keeps a budget of its own: a probe storm there does not close the public port, nor the reverse', async () => {
    const { url, opsUrl } = await smallBudgets();
    const storm = await Promise.all(Array.from({ length: BURST + 5 }, () => get(`${opsUrl}/readyz`, '127.0.0.33')));
    expect(storm.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(3);
    expect((await get(`${url}/healthz`, '127.0.0.33')).status).toBe(200);
    expect((await get(`${url}/api/events/diaspora-covid19`, '127.0.0.33')).status).toBe(200);
  });
});
