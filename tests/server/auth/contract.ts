/**
 * The auth store contract: every backend (memory, file, Redis) runs this suite.
 *
 * AU1 a token resolves to its credential; an unknown or malformed one to null.
 * AU2 revoking a person kills all of their tokens and no one else's, and says how many.
 * AU3 the directory lists participants once each, in registration order, paged.
 * AU6 a person is known after revocation, and gone for good once erased.
 * AU7 registration is open until a policy says otherwise.
 * S4  person() gives the credential last issued, even once revoked; null for a stranger.
 * S6  registration settings are per event.
 * S9  erasing a person kills their tokens and forgets them everywhere; nobody else is touched.
 * S44 network marks are per event, newest first; a new mark of a person replaces theirs; null drops it.
 * S46 a registration in the lobby is listed there, not in the directory, until admitted, once.
 * S47 flagged registrations are listed newest first, and leave the list when erased.
 * (AU4 and AU5, several nodes on one Redis and only hashes in Redis, are in tests/server/auth/redis.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthStore, Credential, NetworkMark } from '../../../server/auth/types.ts';

export function participant(n: number, eventId = 'summit', consent = true): Credential {
  const personId = `p_${n}`;
  return {
    eventId,
    personId,
    role: 'participant',
    profile: {
      id: personId,
      name: `Person ${n}`,
      community: `Community ${n}`,
      region: 'africa',
      country: 'Ghana',
      organisation: `Org ${n}`,
      consentToBeNamed: consent,
    },
    issuedAt: 1_000 + n,
  };
}

export const moderator: Credential = {
  ...participant(0),
  personId: 'kemo-camara',
  role: 'moderator',
  profile: { ...participant(0).profile, id: 'kemo-camara', name: 'Kemo' },
};

export function runAuthStoreContract(name: string, open: () => Promise<AuthStore>): void {
  describe(`${name} auth store contract`, () => {
    let store: AuthStore | null = null;
    async function fresh(): Promise<AuthStore> {
      store = await open();
      return store;
    }
    afterEach(async () => {
      await store?.close();
      store = null;
    });

    it('AU1: a token resolves to its credential; an unknown or malformed one to null', async () => {
      const store = await fresh();
      const token = await store.issue(participant(1));
      expect(await store.resolve(token)).toEqual(participant(1));
      expect(await store.resolve('not-a-token')).toBeNull();
      expect(await store.resolve('x'.repeat(5000))).toBeNull();
      expect(await store.resolve('')).toBeNull();
    });

    it('AU2: revoking a person kills all of their tokens and no one else’s', async () => {
      const store = await fresh();
      const first = await store.issue(participant(2));
      const second = await store.issue(participant(2));
      const other = await store.issue(participant(3));
      expect(await store.revokePerson('summit', 'p_2')).toBe(2);
      expect(await store.resolve(first)).toBeNull();
      expect(await store.resolve(second)).toBeNull();
      expect(await store.resolve(other)).toEqual(participant(3));
      expect(await store.revokePerson('summit', 'p_2')).toBe(0);
      expect(await store.revokePerson('summit', 'p_nobody')).toBe(0);
    });

    it('AU3: the directory lists participants once each, in registration order, paged', async () => {
      const store = await fresh();
      for (const n of [10, 11, 12]) await store.issue(participant(n, 'plenary'));
      await store.issue(participant(11, 'plenary')); // a second token for the same person
      await store.issue({ ...moderator, eventId: 'plenary' }); // not a participant
      const page = await store.directory('plenary', 1, 5);
      expect(page.total).toBe(3);
      expect(page.people.map((p) => p.personId)).toEqual(['p_11', 'p_12']);
      expect(page.people[0]).toEqual({ personId: 'p_11', role: 'participant', profile: participant(11, 'plenary').profile });
      expect(await store.directory('plenary', 0, 0)).toEqual({ total: 3, people: [] });
      expect(await store.directory('nowhere', 0, 10)).toEqual({ total: 0, people: [] });
    });

    it('AU6: a person is known after revocation, and gone for good once erased: tokens, profile, directory line', async () => {
      const store = await fresh();
      const token = await store.issue(participant(20, 'erasure'));
      await store.issue(participant(21, 'erasure'));
      await store.revokePerson('erasure', 'p_20');
      expect(await store.person('erasure', 'p_20')).toEqual(participant(20, 'erasure'));
      await store.erasePerson('erasure', 'p_20');
      expect(await store.person('erasure', 'p_20')).toBeNull();
      expect(await store.resolve(token)).toBeNull();
      expect((await store.directory('erasure', 0, 10)).people.map((p) => p.personId)).toEqual(['p_21']);
    });

    it('AU7: registration is open until a policy says otherwise', async () => {
      const store = await fresh();
      expect(await store.registrationPolicy('policy-event')).toEqual({ open: true, passcodeHash: null });
      await store.setRegistrationPolicy('policy-event', { open: false, passcodeHash: 'scrypt$salt$hash' });
      expect(await store.registrationPolicy('policy-event')).toEqual({ open: false, passcodeHash: 'scrypt$salt$hash' });
    });

    it('S4: person() gives the credential last issued, even once revoked (to re-issue a link); null for a stranger', async () => {
      const store = await fresh();
      await store.issue(participant(1));
      await store.issue({ ...participant(1), issuedAt: 5_000 });
      await store.revokePerson('summit', 'p_1');
      expect(await store.person('summit', 'p_1')).toEqual({ ...participant(1), issuedAt: 5_000 });
      expect(await store.person('summit', 'p_404')).toBeNull();
      expect(await store.person('elsewhere', 'p_1')).toBeNull();
    });

    it('S9: erasing a person kills their tokens and forgets them everywhere; nobody else is touched', async () => {
      const store = await fresh();
      const [gone, goneToo, stays] = [await store.issue(participant(2)), await store.issue(participant(2)), await store.issue(participant(3))];
      await store.erasePerson('summit', 'p_2');
      expect(await store.resolve(gone)).toBeNull();
      expect(await store.resolve(goneToo)).toBeNull();
      expect(await store.person('summit', 'p_2')).toBeNull();
      expect((await store.directory('summit', 0, 100)).people.map((p) => p.personId)).not.toContain('p_2');
      expect(await store.resolve(stays)).toEqual(participant(3));
      await store.erasePerson('summit', 'p_nobody');
    });

    it('S46: a registration in the lobby is listed there, not in the directory, until admitted; every token of theirs then lets them in', async () => {
      const store = await fresh();
      const waiting = (n: number): Credential => ({ ...participant(n, 'lobby'), waiting: true });
      const [first, again] = [await store.issue(waiting(1)), await store.issue(waiting(1))];
      await store.issue(waiting(2));
      await store.issue(participant(3, 'lobby'));
      expect((await store.waiting('lobby', 0, 10)).people.map((c) => c.personId)).toEqual(['p_1', 'p_2']);
      expect(await store.waiting('lobby', 1, 10)).toEqual({ total: 2, people: [waiting(2)] });
      expect((await store.directory('lobby', 0, 10)).people.map((p) => p.personId)).toEqual(['p_3']);
      expect(await store.resolve(first)).toEqual(waiting(1));

      expect(await store.admit('lobby', 'p_1')).toBe(true);
      expect(await store.admit('lobby', 'p_1')).toBe(false);
      expect(await store.admit('lobby', 'p_3')).toBe(false);
      expect(await store.admit('lobby', 'p_nobody')).toBe(false);
      expect(await store.resolve(first)).toEqual(participant(1, 'lobby'));
      expect(await store.resolve(again)).toEqual(participant(1, 'lobby'));
      expect(await store.person('lobby', 'p_1')).toEqual(participant(1, 'lobby'));
      expect((await store.directory('lobby', 0, 10)).people.map((p) => p.personId)).toEqual(['p_3', 'p_1']);
      expect(await store.waiting('lobby', 0, 10)).toEqual({ total: 1, people: [waiting(2)] });

      await store.erasePerson('lobby', 'p_2');
      expect(await store.waiting('lobby', 0, 10)).toEqual({ total: 0, people: [] });
      expect(await store.admit('lobby', 'p_2')).toBe(false);
    });

    it('S47: flagged registrations are listed newest first, and leave the list when erased', async () => {
      const store = await fresh();
      const flagged = (n: number): Credential => ({ ...participant(n, 'flags'), flag: { why: 'removed', personId: 'p_1' } });
      for (const n of [2, 3, 4]) await store.issue(flagged(n));
      await store.issue(flagged(3)); // a second token: listed once
      await store.issue(participant(5, 'flags'));
      expect(await store.flagged('flags', 200)).toEqual({ total: 3, people: [flagged(4), flagged(3), flagged(2)] });
      expect(await store.flagged('flags', 1)).toEqual({ total: 3, people: [flagged(4)] });
      expect(await store.flagged('flags', 0)).toEqual({ total: 3, people: [] });
      await store.erasePerson('flags', 'p_3');
      expect((await store.flagged('flags', 200)).people.map((c) => c.personId)).toEqual(['p_4', 'p_2']);
      expect(await store.flagged('elsewhere', 200)).toEqual({ total: 0, people: [] });
    });

    it('S44: network marks are per event, newest first; a new mark of a person replaces theirs; null drops it', async () => {
      const store = await fresh();
      const mark = (personId: string, at: number, blocked = true): NetworkMark => ({
        personId,
        why: 'removed',
        network: `net-${personId}`,
        reason: 'Spam',
        at,
        blocked,
      });
      await store.setMark('marks', 'p_1', mark('p_1', 100));
      await store.setMark('marks', 'p_2', { ...mark('p_2', 200), why: 'muted', blocked: false });
      await store.setMark('other', 'p_9', mark('p_9', 150));
      expect(await store.marks('marks')).toEqual([{ ...mark('p_2', 200), why: 'muted', blocked: false }, mark('p_1', 100)]);
      await store.setMark('marks', 'p_1', mark('p_1', 300, false));
      expect(await store.marks('marks')).toEqual([mark('p_1', 300, false), { ...mark('p_2', 200), why: 'muted', blocked: false }]);
      await store.setMark('marks', 'p_2', null);
      expect(await store.marks('marks')).toEqual([mark('p_1', 300, false)]);
      expect(await store.marks('other')).toEqual([mark('p_9', 150)]);
    });

    it('S6: registration is open without a passcode until a moderator says otherwise, per event', async () => {
      const store = await fresh();
      expect(await store.registrationPolicy('summit')).toEqual({ open: true, passcodeHash: null });
      await store.setRegistrationPolicy('summit', { open: false, passcodeHash: 'scrypt$c2FsdA$aGFzaA' });
      expect(await store.registrationPolicy('summit')).toEqual({ open: false, passcodeHash: 'scrypt$c2FsdA$aGFzaA' });
      expect(await store.registrationPolicy('other-event')).toEqual({ open: true, passcodeHash: null });
    });
  });
}
