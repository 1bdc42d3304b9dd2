/** The server's one clock (T5): steady when the wall clock steps, never behind the ledger. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SteadyClock } from '../../server/clock.ts';
import { FileLedger } from '../../server/ledger/file.ts';
import type { EntryDraft } from '../../server/ledger/types.ts';
import { MODERATOR } from './ledger/contract.ts';

/** A wall clock and a monotonic clock that a test moves by hand. */
function fakeClocks(wallAt: number) {
  const clocks = { wall: wallAt, monotonic: 1_000 };
  return {
    clocks,
    wall: () => clocks.wall,
    monotonic: () => clocks.monotonic,
    /** Time passes: both clocks move. */
    pass(ms: number) {
      clocks.wall += ms;
      clocks.monotonic += ms;
    },
  };
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 2, 16, 0);
const chat = (text: string): EntryDraft => ({ actor: MODERATOR, command: { type: 'chat.send', payload: { text } } });

describe('SteadyClock', () => {
  it('T5: reads the wall clock at start and then advances with the monotonic clock', () => {
    const fake = fakeClocks(T0);
    const clock = new SteadyClock(fake);
    expect(clock.now()).toBe(T0);
    fake.pass(20_000);
    expect(clock.now()).toBe(T0 + 20_000);
  });

  it('T5: a wall clock stepped back an hour mid-run changes nothing: a 20 s turn still reads 20 s; the step is logged once', () => {
    const fake = fakeClocks(T0);
    const warnings: string[] = [];
    const clock = new SteadyClock({ ...fake, onWarning: (m) => warnings.push(m) });
    const start = clock.now();
    fake.clocks.wall -= HOUR;
    fake.pass(20_000);
    expect(clock.now() - start).toBe(20_000);
    fake.pass(1_000);
    clock.now();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stepped: it is 3600\.0 s behind event time/);
  });

  it('T5: restarted with the wall clock an hour behind the ledger, event time continues from the ledger and keeps moving', () => {
    const fake = fakeClocks(T0 - HOUR);
    const warnings: string[] = [];
    const clock = new SteadyClock({ ...fake, onWarning: (m) => warnings.push(m) });
    clock.atLeast(T0);
    expect(clock.now()).toBe(T0);
    fake.pass(20_000);
    expect(clock.now()).toBe(T0 + 20_000);
    expect(warnings).toEqual([expect.stringMatching(/3600\.0 s behind the ledger's last entry/)]);
    clock.atLeast(T0 - 5 * HOUR); // a floor behind event time moves nothing
    expect(clock.now()).toBe(T0 + 20_000);
  });
});

describe('the file ledger on a steady clock', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-clock-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('T5, L3: a node restarted with its clock an hour back stamps entries that go on from the last one, 20 s apart when 20 s pass (not 0)', async () => {
    const before = fakeClocks(T0);
    const first = await FileLedger.open({ dataDir, now: new SteadyClock(before).now });
    await first.append('clocks', chat('before'));
    before.pass(5_000);
    const last = await first.append('clocks', chat('last before the restart'));
    await first.close();

    const after = fakeClocks(T0 - HOUR);
    const steady = new SteadyClock(after);
    const second = await FileLedger.open({ dataDir, now: steady.now });
    steady.atLeast(second.lastAt());
    const a = await second.append('clocks', chat('after'));
    after.pass(20_000);
    const b = await second.append('clocks', chat('20 s later'));
    expect(a.at).toBeGreaterThanOrEqual(last.at);
    expect(b.at - a.at).toBe(20_000);
    await second.close();
  });
});
