/**
 * What every auth store does for security (S4, S6, S9), as a suite any backend runs: the
 * memory and file stores here, the Redis store in tests/security/authStore.test.ts too.
 */
import { describe, expect, it } from 'vitest';
import type { AuthStore, Credential } from '../../server/auth/types.ts';

export function participant(n: number, eventId = 'summit', consent = true): Credential {
  const personId = `p_${n}`;
  return {
    eventId,
    personId,
    role: 'participant',
    profile: { id: personId, name: `Person ${n}`, community: `Community ${n}`, region: 'africa', country: 'Ghana', organisation: `Org ${n}`, consentToBeNamed: consent },
    issuedAt: 1_000 + n,
  };
}

export function authSecurityBehaviour(name: string, open: () => Promise<AuthStore>): void {
  describe(`${name} auth store: people and registration settings`, () => {
    it('S4: person() gives the credential last issued, even once revoked (to re-issue a link); null for a stranger', async () => {
      const store = await open();
      try {
        await store.issue(participant(1));
        await store.issue({ ...participant(1), issuedAt: 5_000 });
        await store.revokePerson('summit', 'p_1');
        expect(await store.person('summit', 'p_1')).toEqual({ ...participant(1), issuedAt: 5_000 });
        expect(await store.person('summit', 'p_404')).toBeNull();
        expect(await store.person('elsewhere', 'p_1')).toBeNull();
      } finally {
        await store.close();
      }
    });

    it('S9: erasing a person kills their tokens and forgets them everywhere; nobody else is touched', async () => {
      const store = await open();
      try {
        const [gone, goneToo, stays] = [await store.issue(participant(2)), await store.issue(participant(2)), await store.issue(participant(3))];
        await store.erasePerson('summit', 'p_2');
        expect(await store.resolve(gone)).toBeNull();
        expect(await store.resolve(goneToo)).toBeNull();
        expect(await store.person('summit', 'p_2')).toBeNull();
        expect((await store.directory('summit', 0, 100)).people.map((p) => p.personId)).not.toContain('p_2');
        expect(await store.resolve(stays)).toEqual(participant(3));
        await store.erasePerson('summit', 'p_nobody');
      } finally {
        await store.close();
      }
    });

    it('S6: registration is open without a passcode until a moderator says otherwise, per event', async () => {
      const store = await open();
      try {
        expect(await store.registrationPolicy('summit')).toEqual({ open: true, passcodeHash: null });
        await store.setRegistrationPolicy('summit', { open: false, passcodeHash: 'scrypt$c2FsdA$aGFzaA' });
        expect(await store.registrationPolicy('summit')).toEqual({ open: false, passcodeHash: 'scrypt$c2FsdA$aGFzaA' });
        expect(await store.registrationPolicy('other-event')).toEqual({ open: true, passcodeHash: null });
      } finally {
        await store.close();
      }
    });
  });
}
