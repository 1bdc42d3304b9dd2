import { describe, expect, it } from 'vitest';
import type { Registration } from '../../shared/protocol.ts';
import { bearer, errorOf } from '../server/security/support.ts';
import { TestClient } from '../support/client.ts';
import { nodePerTest } from '../support/nodeProcess.ts';
import { participantForm, register } from '../support/register.ts';

const EVENT = 'diaspora-covid19';
const PASSCODE = 'Diaspora-2020!';
const freshNode = nodePerTest('gavel-abuse-passcode-');

/** A node with the default event, its registration behind `passcode`, and its moderator's token. */
async function nodeWithPasscode(env: Record<string, string>, passcode = PASSCODE): Promise<{ url: string; moderator: string }> {
  const node = await freshNode(env);
  const moderator = node.tokens.get('moderator: Kemo Camara')!;
  const res = await fetch(`${node.url}/api/events/${EVENT}/registration`, {
    method: 'PUT',
    headers: { ...bearer(moderator), 'content-type': 'application/json' },
    body: JSON.stringify({ open: true, passcode }),
  });
  expect(res.status).toBe(200);
  return { url: node.url, moderator };
}

let n = 0;
/** A registration with `passcode`, from `address` (seen through X-Forwarded-For when the node trusts a proxy). */
const attempt = (url: string, passcode: string, address?: string, form: Partial<Registration> = {}) =>
  register(url, EVENT, participantForm(++n, { passcode, ...form }), address ? { 'x-forwarded-for': address } : {});

async function registrations(url: string, moderator: string): Promise<number> {
  const res = await fetch(`${url}/api/events/${EVENT}/people?limit=200`, { headers: bearer(moderator) });
  return ((await res.json()) as { total: number }).total;
}

describe('wrong passcodes', () => {
  it('S30: sixty wrong passcodes at once are checked a few at a time, the rest refused at once with Retry-After; the moderator is served throughout', async () => {
    // Every rate a thousandfold: only the bound on checks at once is left to refuse.
    const { url, moderator } = await nodeWithPasscode({ RATE_LIMIT_SCALE: '1000' });
    const mod = await TestClient.connect(url, moderator);
    try {
      const attack = Promise.all(Array.from({ length: 60 }, (_, i) => attempt(url, `wrong-${i}`)));
      let over = false;
      void attack.finally(() => (over = true));
      const acks = [];
      do acks.push(await mod.send('chat.send', { text: 'Welcome, everyone' }));
      while (!over);
      const answers = await attack;

      expect(acks.every((ack) => ack.ok)).toBe(true);
      expect(answers.every((r) => r.status === 401 || r.status === 429)).toBe(true);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.headers.get('retry-after')).toBe('1');
      expect(await errorOf(refused[0]!)).toEqual({
        code: 'rate_limited',
        message: 'slow down: too many passcode checks at once, try again in 1 s',
        retryAfterMs: 1000,
      });
      // A bound, not a lock: the right passcode registers as soon as the flood has passed.
      expect((await attempt(url, PASSCODE)).status).toBe(201);
    } finally {
      mod.close();
    }
  });

  it('S31: ten wrong passcodes from one address, then that address waits, the right passcode too; nothing is registered meanwhile, and other addresses are not held back', async () => {
    const { url, moderator } = await nodeWithPasscode({ TRUST_PROXY: '1' });
    const before = await registrations(url, moderator);
    for (let i = 0; i < 10; i++) expect((await attempt(url, `guess-${i}`, '203.0.113.7')).status).toBe(401);
    for (const passcode of ['guess-10', PASSCODE]) {
      const refused = await attempt(url, passcode, '203.0.113.7');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(refused)).message).toMatch(/^slow down: too many wrong passcodes from this address, try again in \d+ s$/);
    }
    expect(await registrations(url, moderator)).toBe(before);
    expect((await attempt(url, PASSCODE, '198.51.100.20')).status).toBe(201);
  });

  it('S31: a hundred wrong passcodes for one event from as many addresses, then the event waits; mistakes that were right do not count', async () => {
    const { url, moderator } = await nodeWithPasscode({ TRUST_PROXY: '1' });
    // Right passcodes are not failures: a crowd registering is never held back by its size.
    for (let i = 0; i < 20; i++) expect((await attempt(url, PASSCODE, `198.51.100.${i + 1}`)).status).toBe(201);
    const before = await registrations(url, moderator);
    let wrong = 0;
    let refused: Response | null = null;
    // Two at a time, as a patient guesser would: the bound on checks at once (S30) never answers.
    while (!refused && wrong < 400) {
      const pair = await Promise.all([
        attempt(url, `guess-${wrong}`, `10.9.${wrong >> 8}.${wrong & 255}`),
        attempt(url, `guess-${wrong + 1}`, `10.9.${(wrong + 1) >> 8}.${(wrong + 1) & 255}`),
      ]);
      for (const res of pair) {
        if (res.status === 401) wrong++;
        else if (res.status === 429) refused = res;
        else throw new Error(`unexpected ${res.status}`);
      }
    }
    // The budget refills at one a second while the guesses run, so the count passes 100 by that much.
    expect(wrong).toBeGreaterThanOrEqual(100);
    expect(refused).not.toBeNull();
    expect((await errorOf(refused!)).message).toMatch(/^slow down: too many wrong passcodes for this event, try again in \d+ s$/);
    const right = await attempt(url, PASSCODE, '192.0.2.99');
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).not.toBeNull();
    expect(await registrations(url, moderator)).toBe(before);
  });
});

describe('the passcode as typed', () => {
  it('S32: spaces around a passcode are trimmed when it is set and when it is checked, so the one the moderator typed works either way', async () => {
    const { url } = await nodeWithPasscode({}, `  ${PASSCODE}  `);
    expect((await attempt(url, PASSCODE)).status).toBe(201);
    expect((await attempt(url, ` ${PASSCODE}\t`)).status).toBe(201);
    const blank = await attempt(url, '    ');
    expect(blank.status).toBe(401);
    expect((await errorOf(blank)).message).toBe('this event needs a passcode to register');
  });
});
