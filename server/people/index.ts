/**
 * Managing who is in an event: revoking and re-issuing links, removing someone, a person
 * deleting their own registration, and who may register. Tokens and passcodes stay in the
 * auth store; what every screen must agree on (a removal, a forgotten name) goes through the
 * ledger. Disconnecting goes through Socket.IO rooms, so it reaches every node.
 */
import type { RegistrationInfo, RegistrationSettings, ReissuedLink } from '../../shared/api.ts';
import { asFormerParticipant } from '../../shared/reducer/people.ts';
import type { ChatMessage } from '../../shared/state.ts';
import type { AuthStore, Credential, RegistrationPolicy } from '../auth/types.ts';
import type { CommandHooks } from '../commands.ts';
import { ClientError } from '../errors.ts';
import type { EventHost } from '../eventHost.ts';
import { SYSTEM_ACTOR } from '../events.ts';
import { type Ledger, LedgerUnavailableError } from '../ledger/types.ts';
import type { LinkBook } from '../links/types.ts';
import type { LinkUrls } from '../links/urls.ts';
import type { Logger } from '../logger.ts';
import type { Eject } from '../rooms.ts';
import type { PasscodeGuard } from '../security/passcodeGuard.ts';
import type { SnapshotStore } from '../snapshots/types.ts';
import { hashPasscode, passcodeMatches } from './passcode.ts';

export interface PeopleDeps {
  auth: AuthStore;
  ledger: Ledger;
  links: LinkBook;
  urls: LinkUrls;
  clock: () => number;
  logger: Logger;
  eject: Eject;
  /** Limits on wrong passcodes (S31). */
  passcodes: PasscodeGuard;
  /** Several nodes on Redis keep snapshots of the state (server/snapshots/). */
  snapshots?: SnapshotStore | null;
}

export class People {
  constructor(private readonly deps: PeopleDeps) {}

  /** S4: every token of the person stops working now, and their open sockets are closed. */
  async revoke(eventId: string, personId: string): Promise<number> {
    if (!(await this.deps.auth.person(eventId, personId))) throw new ClientError('not_found', 'no such person in this event');
    const revoked = await this.deps.auth.revokePerson(eventId, personId);
    this.deps.eject(eventId, personId, { code: 'revoked', message: 'your link was revoked by a moderator; ask them for a new one' });
    this.deps.logger.info({ eventId, personId, revoked }, 'link revoked');
    return revoked;
  }

  /**
   * S4: revoke the person's link and issue a new one for the same person and role. Organiser
   * links (moderators, speakers, note-takers, the stage) are kept in the link book; a
   * participant's new link exists only in this answer, for the moderator to pass on.
   */
  async reissue(eventId: string, personId: string): Promise<ReissuedLink> {
    const credential = await this.deps.auth.person(eventId, personId);
    if (!credential) throw new ClientError('not_found', 'no such person in this event');
    await this.revoke(eventId, personId);
    const token = await this.deps.auth.issue({ ...credential, issuedAt: this.deps.clock() });
    const previous = this.deps.links.get(eventId).find((l) => l.personId === personId);
    if (credential.role !== 'participant') {
      this.deps.links.put({ eventId, personId, role: credential.role, name: credential.profile.name, title: previous?.title ?? '', token });
    }
    return { personId, role: credential.role, name: credential.profile.name, url: this.deps.urls.invite(eventId, token) };
  }

  /** What people commands do besides their entry; `server/commands.ts` runs them. */
  commandHooks(): CommandHooks {
    return {
      'people.remove': {
        // S5: the person's tokens are revoked before the entry is appended, so nothing they send after the moderator's decision can land behind it.
        before: async ({ host }, { payload: { personId, reason } }) => {
          if (!(await this.deps.auth.person(host.eventId, personId))) return { code: 'not_found', message: 'no such person in this event' };
          await this.deps.auth.revokePerson(host.eventId, personId);
          this.deps.eject(
            host.eventId,
            personId,
            reason
              ? { code: 'removed', message: `a moderator removed you from the event: ${reason}`, reason }
              : { code: 'removed', message: 'a moderator removed you from the event' },
          );
          this.deps.logger.info({ eventId: host.eventId, personId }, 'person removed');
          return null;
        },
      },
    };
  }

  /**
   * S9: a person deletes their registration. The ledger first (their name leaves every
   * screen; if the ledger is down nothing has changed and they can retry), then the auth
   * store forgets their profile and their tokens, then their other tabs are closed.
   */
  async forget(host: EventHost, credential: Credential): Promise<void> {
    if (credential.role !== 'participant') throw new ClientError('forbidden', 'only a registration can be deleted; the organisers manage the programme');
    const { personId } = credential;
    let seq: number;
    try {
      // Their country leaves its figure (J4) and their community its public group (O2); both are sealed
      // with their key (ER1), so they are sent only for a person who has one.
      const { country, community } = credential.profile;
      const payload = credential.sealingKey === undefined ? { personId } : { personId, country, community };
      seq = (await this.deps.ledger.append(host.eventId, { actor: SYSTEM_ACTOR, command: { type: 'people.forget', payload } })).seq;
    } catch (err) {
      if (err instanceof LedgerUnavailableError) throw new ClientError('unavailable', 'Gavel is temporarily unavailable: nothing was deleted, please retry');
      throw err;
    }
    const refused = await host.whenApplied(seq);
    if (refused) throw new ClientError(refused.code, refused.message);
    // With their profile goes their key: what the ledger holds of them no longer opens (ER2).
    await this.deps.auth.erasePerson(host.eventId, personId);
    // A snapshot from before the forget still names them; the state now does not (ER3).
    await this.deps.snapshots?.replace(host);
    this.deps.eject(host.eventId, personId, { code: 'deleted', message: 'your registration was deleted; you can register again' });
    this.deps.logger.info({ eventId: host.eventId, personId }, 'registration deleted');
  }

  /**
   * Chat history pages come from the node's archive, which keeps messages as they were sent:
   * authors whose registration was deleted are shown as in the state, "Former participant".
   */
  async withoutErasedAuthors(host: EventHost, messages: readonly ChatMessage[]): Promise<ChatMessage[]> {
    const onProgramme = new Set(host.state.roster.map((p) => p.id));
    const authors = [...new Set(messages.map((m) => m.author.id))].filter((id) => !onProgramme.has(id));
    const known = await Promise.all(authors.map((id) => this.deps.auth.person(host.eventId, id)));
    const erased = new Set(authors.filter((_, i) => known[i] === null));
    if (erased.size === 0) return [...messages];
    return messages.map((m) => (erased.has(m.author.id) ? { ...m, author: asFormerParticipant(m.author) } : m));
  }

  /**
   * S6: registration closed → `forbidden`; a passcode missing or wrong → `unauthorized`.
   * S30, S31: too many checks at once, or too many wrong ones from `address` or for the event → `rate_limited`.
   */
  async checkRegistration(eventId: string, passcode: string | undefined, address: string): Promise<void> {
    const policy = await this.deps.auth.registrationPolicy(eventId);
    if (!policy.open) throw new ClientError('forbidden', 'registration for this event is closed');
    if (policy.passcodeHash === null) return;
    if (passcode === undefined || passcode === '') throw new ClientError('unauthorized', 'this event needs a passcode to register');
    this.deps.passcodes.mayTry(eventId, address);
    if (!(await passcodeMatches(passcode, policy.passcodeHash))) {
      this.deps.passcodes.failed(eventId, address);
      throw new ClientError('unauthorized', 'that passcode is not right');
    }
  }

  /** What a registration form needs to know; never the passcode. */
  async registrationInfo(eventId: string): Promise<RegistrationInfo> {
    const policy = await this.deps.auth.registrationPolicy(eventId);
    return { open: policy.open, passcode: policy.passcodeHash !== null, lobby: false };
  }

  /** `passcode`: a new one, null to remove it, absent to keep the current one. */
  async setRegistration(eventId: string, change: RegistrationSettings): Promise<RegistrationInfo> {
    const current = await this.deps.auth.registrationPolicy(eventId);
    const passcodeHash = change.passcode === undefined ? current.passcodeHash : change.passcode === null ? null : await hashPasscode(change.passcode);
    const policy: RegistrationPolicy = { open: change.open, passcodeHash };
    await this.deps.auth.setRegistrationPolicy(eventId, policy);
    this.deps.logger.info({ eventId, open: policy.open, passcode: passcodeHash !== null }, 'registration settings changed');
    return { open: policy.open, passcode: passcodeHash !== null, lobby: false };
  }
}
