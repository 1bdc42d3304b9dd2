/** The token bucket and the address rules the limits count by: pure, with a fake clock. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, ClientAddresses, clientAddress, OriginPolicy } from '../../../server/security/network.ts';
import { RateLimiter, slowDown } from '../../../server/security/rateLimiter.ts';

function limiter(burst: number, perSecond: number) {
  const clock = { now: 0 };
  return { clock, limiter: new RateLimiter({ burst, perSecond }, () => clock.now) };
}

describe('rate limiter', () => {
  it('S7: allows a burst, then one request per refill, and says when to retry', () => {
    const { clock, limiter: l } = limiter(3, 0.5);
    expect([l.take('amina'), l.take('amina'), l.take('amina')].every((v) => v.ok)).toBe(true);
    expect(l.take('amina')).toEqual({ ok: false, retryAfterMs: 2000 });
    clock.now = 1000;
    expect(l.take('amina')).toEqual({ ok: false, retryAfterMs: 1000 });
    clock.now = 2000;
    expect(l.take('amina').ok).toBe(true);
    expect(l.take('amina').ok).toBe(false);
  });

  it('S7: keys are independent', () => {
    const { limiter: l } = limiter(1, 1);
    expect(l.take('a').ok).toBe(true);
    expect(l.take('a').ok).toBe(false);
    expect(l.take('b').ok).toBe(true);
  });

  it('S7: a long quiet spell refills to the burst, never beyond', () => {
    const { clock, limiter: l } = limiter(2, 10);
    clock.now = 3_600_000;
    expect([l.take('x').ok, l.take('x').ok, l.take('x').ok]).toEqual([true, true, false]);
  });

  it('S7: buckets that have refilled are swept, so memory follows recent activity', () => {
    const { clock, limiter: l } = limiter(5, 5);
    for (let i = 0; i < 10_000; i++) l.take(`ip-${i}`);
    expect(l.size).toBe(10_000);
    clock.now = 61_000;
    l.take('late');
    expect(l.size).toBe(1);
  });

  it('S7: the refusal reads "slow down" and carries the wait', () => {
    expect(slowDown(1500)).toEqual({ code: 'rate_limited', message: 'slow down: too many requests, try again in 2 s', retryAfterMs: 1500 });
  });
});

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('client addresses', () => {
  it('S7: without a trusted proxy, X-Forwarded-For is the client’s own claim and is ignored', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
  });

  it('S7: with one trusted proxy, the address it saw counts; what the client put before it does not', () => {
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), 2)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
  });

  it('S12: the forwarded host is believed only from a trusted proxy', () => {
    const req = {
      socket: { remoteAddress: '10.0.0.2' },
      headers: { host: 'localhost:3000', 'x-forwarded-host': 'hall.example.net' },
    } as unknown as IncomingMessage;
    expect(new ClientAddresses(1, () => {}).hostsOf(req)).toEqual(['localhost:3000', 'hall.example.net']);
    expect(new ClientAddresses(0, () => {}).hostsOf(req)).toEqual(['localhost:3000']);
  });

  it('S7: a proxy nobody trusts is reported once: every client behind it would share one budget', () => {
    const warnings: string[] = [];
    const addresses = new ClientAddresses(0, (m) => warnings.push(m));
    addresses.keyOf(request('127.0.0.1', '198.51.100.1'));
    addresses.keyOf(request('127.0.0.1', '198.51.100.2'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TRUST_PROXY/);
  });

  it('S7: IPv4-mapped addresses count as IPv4; an IPv6 /64 counts as one address', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::1')).toBe('::1');
    expect(addressKey('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(addressKey('203.0.113.5:51234')).toBe('203.0.113.5');
    expect(addressKey('::ffff:cb00:7105')).toBe('203.0.113.5');
  });
});

describe('origins', () => {
  const policy = new OriginPolicy(['https://gavel.example.org', 'not a url']);

  it('S12: the node’s own origin and configured ones are allowed; others and "null" are not', () => {
    expect(policy.allows('https://gavel.example.org', ['node-3:3000'])).toBe(true);
    expect(policy.allows('http://127.0.0.1:3000', ['127.0.0.1:3000'])).toBe(true);
    expect(policy.allows('https://evil.example', ['127.0.0.1:3000'])).toBe(false);
    expect(policy.allows('null', ['127.0.0.1:3000'])).toBe(false);
    expect(policy.allows(undefined, ['127.0.0.1:3000'])).toBe(true);
    // Behind a proxy that rewrites Host, the forwarded host (when the proxy is trusted) names the page's origin.
    expect(policy.allows('https://hall.example.net', ['localhost:3000', 'hall.example.net'])).toBe(true);
  });

  it('S12: only an allowed other origin is cross-origin (it gets CORS headers)', () => {
    expect(policy.isCrossOrigin('https://gavel.example.org', ['node-3:3000'])).toBe(true);
    expect(policy.isCrossOrigin('http://127.0.0.1:3000', ['127.0.0.1:3000'])).toBe(false);
  });
});
