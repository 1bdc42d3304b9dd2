/**
 * J1: a node folds the registrations it takes into one `people.joined` entry per interval, the
 * interval growing with the audience; each registration is answered once its fold is applied.
 * A real memory ledger; the event host is reduced to what the fold uses.
 */
import { describe, expect, it } from 'vitest';
import type { EventHost } from '../../server/eventHost.ts';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import { silentLogger } from '../../server/logger.ts';
import { foldIntervalMs, RegistrationFold } from '../../server/registrations.ts';
import { LIMITS } from '../../shared/constants.ts';
import type { Entry, Join } from '../../shared/protocol.ts';

const EVENT = 'fold-event';

const REGIONS = ['africa', 'asia', 'europe', 'other'] as const;

function join(i: number): Join {
  return { personId: `p_${i}`, region: REGIONS[i % 4]!, country: `Country ${i % 7}`, community: `Community ${i % 3}` };
}

function folding(audience: number, ledger = new MemoryLedger()) {
  const host = { eventId: EVENT, whenApplied: async () => null } as unknown as EventHost;
  const fold = new RegistrationFold({ ledger, logger: silentLogger, audience: () => audience });
  const folds = async () =>
    (await ledger.read(EVENT, 0)).map((e: Entry) => (e.command.type === 'people.joined' ? e.command.payload.people.map((p) => p.personId) : []));
  return { host, fold, ledger, folds };
}

describe('J1: registrations folded', () => {
  it('the interval is 20 ms with a hundred online and 2 s from ten thousand: about 5,000 deliveries a second', () => {
    expect(foldIntervalMs(0)).toBe(0);
    expect(foldIntervalMs(100)).toBe(20);
    expect(foldIntervalMs(10_000)).toBe(2000);
    expect(foldIntervalMs(1_000_000)).toBe(2000);
  });

  it('a quiet event appends a registration at once; those that come meanwhile share the next fold, each answered once its fold is in', async () => {
    const { host, fold, folds } = folding(500);
    await fold.record(host, join(0));
    expect(await folds()).toEqual([['p_0']]);
    const next = Array.from({ length: 40 }, (_, i) => fold.record(host, join(i + 1)));
    // Not yet: the interval since the first fold (100 ms with 500 online) has not passed.
    expect(await folds()).toEqual([['p_0']]);
    const answered: number[] = [];
    await Promise.all(next.map((p, i) => p.then(() => answered.push(i))));
    expect(answered).toHaveLength(40);
    expect(await folds()).toEqual([['p_0'], Array.from({ length: 40 }, (_, i) => `p_${i + 1}`)]);
  });

  it(`a storm past ${LIMITS.joinsPerEntry} joins is split into folds of ${LIMITS.joinsPerEntry} at most, nobody lost or counted twice`, async () => {
    const { host, fold, folds } = folding(10);
    const many = LIMITS.joinsPerEntry * 2 + 7;
    await Promise.all(Array.from({ length: many }, (_, i) => fold.record(host, join(i))));
    const all = await folds();
    expect(all.every((people) => people.length <= LIMITS.joinsPerEntry)).toBe(true);
    expect(all.flat().sort()).toEqual(Array.from({ length: many }, (_, i) => `p_${i}`).sort());
  });

  it('a ledger that refuses costs the counts, never the registrations: each is answered, and the next fold goes in', async () => {
    const ledger = new MemoryLedger();
    const { host, fold, folds } = folding(0, ledger);
    const append = ledger.append.bind(ledger);
    let failing = true;
    ledger.append = (eventId, draft) => (failing ? Promise.reject(new Error('disk full')) : append(eventId, draft));
    await Promise.all([fold.record(host, join(1)), fold.record(host, join(2))]);
    failing = false;
    await fold.record(host, join(3));
    expect(await folds()).toEqual([['p_3']]);
  });

  it('a deletion waits for the person’s join still in a fold, so the forget comes after it (J4)', async () => {
    const { host, fold, folds } = folding(5000);
    await fold.record(host, join(0));
    const admitted = fold.record(host, join(1));
    let settled = false;
    const deletion = fold.settled(EVENT, 'p_1').then(() => (settled = true));
    await fold.settled(EVENT, 'p_nobody');
    expect(settled).toBe(false);
    await Promise.all([admitted, deletion]);
    expect(await folds()).toEqual([['p_0'], ['p_1']]);
  });
});
