/**
 * The sealed ledger (ER1): the contract holds through it over the file backend, what the backend
 * stores names nobody, and once a person's key is gone their entries read as "Former participant".
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLedger } from '../../../server/ledger/file.ts';
import { MemoryLedger } from '../../../server/ledger/memory.ts';
import { newSealingKey, SealedLedger, type SealingKeys } from '../../../server/ledger/sealed.ts';
import type { Ledger } from '../../../server/ledger/types.ts';
import type { Actor } from '../../../shared/protocol.ts';
import { OTHER_COUNTRIES } from '../../../shared/reducer/registrations.ts';
import { AMA, collect, KOFI, type LedgerFixture, runLedgerContract } from './contract.ts';

/** Keys of the contract's participants; `destroy` is what the auth store's erase does. */
class KeyRing implements SealingKeys {
  private readonly keys = new Map<string, Buffer>();
  constructor(personIds: readonly string[] = [AMA.id, KOFI.id]) {
    for (const id of personIds) this.keys.set(id, Buffer.from(newSealingKey(), 'base64url'));
  }
  async keyOf(_eventId: string, personId: string): Promise<Buffer | null> {
    return this.keys.get(personId) ?? null;
  }
  destroy(personId: string): void {
    this.keys.delete(personId);
  }
}

async function sealedFileFixture(): Promise<LedgerFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gavel-sealed-'));
  const keys = new KeyRing();
  let current: Ledger = new SealedLedger(await FileLedger.open({ dataDir }), keys);
  return {
    ledger: current,
    reopen: async () => {
      await current.close();
      current = new SealedLedger(await FileLedger.open({ dataDir }), keys);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

runLedgerContract('sealed file', sealedFileFixture);

const NAMED: Actor = {
  id: 'p_9',
  role: 'participant',
  name: 'Zorblat Quindle',
  community: 'Ruritanian weavers',
  region: 'europe',
  country: 'Ruritania',
  consent: true,
};

const SYSTEM: Actor = { id: 'system', role: 'system', name: 'Gavel', community: '', region: 'other', country: '' };

describe('sealed entries (ER1)', () => {
  let dataDir = '';
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('ER1, J1: a fold of joins holds each registrant sealed with their own key; one erased reads as counted under "Other countries", the others as made', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-sealed-'));
    const keys = new KeyRing([NAMED.id, 'p_10']);
    const ledger = new SealedLedger(await FileLedger.open({ dataDir }), keys);
    const people = [
      { personId: NAMED.id, region: 'europe' as const, country: 'Ruritania', community: 'Ruritanian weavers' },
      { personId: 'p_10', region: 'africa' as const, country: 'Freedonia', community: 'Freedonian potters' },
      // Erased before the fold was appended: no key, never stored in clear.
      { personId: 'p_gone', region: 'asia' as const, country: 'Grand Fenwick', community: 'Fenwick pipers' },
    ];
    const fold = await ledger.append('summit', { actor: SYSTEM, command: { type: 'people.joined', payload: { people } } });
    expect(fold.command).toEqual({
      type: 'people.joined',
      payload: { people: [people[0], people[1], { personId: 'p_gone', region: 'asia', country: OTHER_COUNTRIES }] },
    });
    expect(await ledger.read('summit', 0)).toEqual([fold]);
    const onDisk = await readFile(join(dataDir, 'ledger', 'summit.jsonl'), 'utf8');
    for (const secret of ['Ruritania', 'weavers', 'Freedonia', 'potters', 'Fenwick', 'pipers']) expect(onDisk).not.toContain(secret);

    keys.destroy(NAMED.id);
    const [after] = await new SealedLedger(ledger.backend, keys).read('summit', 0);
    expect(after!.command).toEqual({
      type: 'people.joined',
      payload: {
        people: [
          { personId: NAMED.id, region: 'europe', country: OTHER_COUNTRIES },
          people[1],
          { personId: 'p_gone', region: 'asia', country: OTHER_COUNTRIES },
        ],
      },
    });
    await ledger.close();
  });

  it('ER1: the file holds no identity; reads give the entry as made while the key exists, the "Former participant" form after', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-sealed-'));
    const keys = new KeyRing([NAMED.id]);
    const ledger = new SealedLedger(await FileLedger.open({ dataDir }), keys);
    const joined = await ledger.append('summit', {
      actor: { id: 'system', role: 'system', name: 'Gavel', community: '', region: 'other', country: '' },
      command: { type: 'people.join', payload: { personId: NAMED.id, region: 'europe', country: 'Ruritania' } },
    });
    const said = await ledger.append('summit', { actor: NAMED, command: { type: 'chat.send', payload: { text: 'hello all' } }, commandId: 'chat-0001' });
    expect(joined.command).toEqual({ type: 'people.join', payload: { personId: NAMED.id, region: 'europe', country: 'Ruritania' } });
    expect(said.actor).toEqual(NAMED);
    expect(Object.keys(said.actor)).toEqual(Object.keys(NAMED));
    expect(await ledger.read('summit', 0)).toEqual([joined, said]);

    const onDisk = await readFile(join(dataDir, 'ledger', 'summit.jsonl'), 'utf8');
    for (const secret of ['Zorblat', 'Ruritania', 'weavers']) expect(onDisk).not.toContain(secret);

    keys.destroy(NAMED.id);
    const after = new SealedLedger(ledger.backend, keys);
    const [formerJoin, formerChat] = await after.read('summit', 0);
    expect(formerJoin!.command).toEqual({ type: 'people.join', payload: { personId: NAMED.id, region: 'europe', country: OTHER_COUNTRIES } });
    expect(formerChat!.actor).toEqual({
      id: NAMED.id,
      role: 'participant',
      name: 'Former participant',
      community: '',
      region: 'europe',
      country: '',
      consent: false,
      stageConsent: false,
    });
    expect(formerChat!.command).toEqual(said.command);
    expect(formerChat).not.toHaveProperty('sealed');
    await ledger.close();
  });

  it("ER1: a node that opened a person's entries opens their forget with the same key, even once it is destroyed; then never again", async () => {
    const keys = new KeyRing([NAMED.id]);
    const ledger = new SealedLedger(new MemoryLedger(), keys);
    const system: Actor = { id: 'system', role: 'system', name: 'Gavel', community: '', region: 'other', country: '' };
    await ledger.append('summit', { actor: NAMED, command: { type: 'queue.raise', payload: { topic: '' } } });
    const { done, stop } = collect(ledger, 'summit', 0, 2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Another node erased them: the forget is appended there, and the key destroyed before this node's tail reads it.
    const forget = await ledger.backend.append(
      'summit',
      await sealedBy(keys, { actor: system, command: { type: 'people.forget', payload: { personId: NAMED.id, country: 'Ruritania' } } }),
    );
    keys.destroy(NAMED.id);
    const received = await done;
    stop();
    expect(received.map((e) => e.command)).toEqual([
      { type: 'queue.raise', payload: { topic: '' } },
      { type: 'people.forget', payload: { personId: NAMED.id, country: 'Ruritania' } },
    ]);
    expect(forget.sealed).toBeDefined();
    // The forget was delivered: older entries now read as "Former participant" here too.
    const [raise] = await ledger.read('summit', 0);
    expect(raise!.actor.name).toBe('Former participant');
  });
});

/** The stored form another node's sealed ledger would have appended. */
async function sealedBy(keys: SealingKeys, draft: Parameters<Ledger['append']>[1]) {
  const capture = new MemoryLedger();
  const entry = await new SealedLedger(capture, keys).append('summit', draft);
  const [stored] = await capture.read('summit', 0);
  expect(entry.command).toEqual(draft.command);
  const { seq: _seq, at: _at, ...rest } = stored!;
  return rest;
}
