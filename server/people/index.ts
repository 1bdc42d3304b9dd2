/**
 * Managing who is in an event: revoking and re-issuing links, removing someone, a person
 * deleting their own registration, and who may register. Tokens and passcodes stay in the
 * auth store; what every screen must agree on (a removal, a forgotten name) goes through the
 * ledger. Disconnecting goes through Socket.IO rooms, so it reaches every node.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Block, Flag, Registered, RegistrationDetails, RegistrationInfo, RegistrationSettings, ReissuedLink } from '../../shared/api.ts';
import type { RegistrationSchema } from '../../shared/protocol.ts';
import { asFormerParticipant, FORMER_PARTICIPANT } from '../../shared/reducer/people.ts';
import type { ChatMessage } from '../../shared/state.ts';
import { type AuthStore, type Credential, type ModerationCounts, type NetworkMark, newPersonId, type RegistrationPolicy } from '../auth/types.ts';
import type { CommandHooks } from '../commands.ts';
import { ClientError } from '../errors.ts';
import type { EventHost } from '../eventHost.ts';
import { SYSTEM_ACTOR } from '../events.ts';
import { newSealingKey } from '../ledger/sealed.ts';
import { type Ledger, LedgerUnavailableError } from '../ledger/types.ts';
import type { LinkBook } from '../links/types.ts';
import type { LinkUrls } from '../links/urls.ts';
import type { Logger } from '../logger.ts';
import { RegistrationFold } from '../registrations.ts';
import type { Eject, TellStaff } from '../rooms.ts';
import { isOwnMachine } from '../security/network.ts';
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
  /** The lobby and flag counts to the moderators and note-takers (S46, S47). */
  tellStaff: TellStaff;
  /** Limits on wrong passcodes (S31). */
  passcodes: PasscodeGuard;
  /** Several nodes on Redis keep snapshots of the state (server/snapshots/). */
  snapshots?: SnapshotStore | null;
  /** How many people are online in an event, on every node (Y1): how often registrations are folded (J1). */
  audience(eventId: string): number;
}

/**
 * S44: what the node keeps of the network a participant registered from: a tag, the same for
 * everyone registering from that network (`address` is the per-address limit key: an IPv4
 * address or an IPv6 /64) in that event, and nothing that reads back as the address in a log or
 * an export.
 */
export function networkTag(eventId: string, address: string): string {
  return createHash('sha256').update(`gavel-network\u0000${eventId}\u0000${address}`).digest('base64url').slice(0, 22);
}

/** How many admissions run at once (S46). */
const ADMIT_AT_ONCE = 25;

const BLOCKED = 'new registrations from your network are blocked for this event; if this is a mistake, ask the organisers';

/** The staff's counts go out at most this often per event (S46). */
const STAFF_COUNTS_EVERY_MS = 250;

export class People {
  /** Events whose staff counts are due to go out (`tellStaff`). */
  private readonly countsDue = new Set<string>();

  private readonly registrations: RegistrationFold;

  constructor(private readonly deps: PeopleDeps) {
    this.registrations = new RegistrationFold({ ledger: deps.ledger, logger: deps.logger, audience: deps.audience });
  }

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
          const credential = await this.deps.auth.person(host.eventId, personId);
          if (!credential) return { code: 'not_found', message: 'no such person in this event' };
          // S44: their network can send no new registration from before they are told, so none can race the block.
          await this.markNetwork(host.eventId, credential, { why: 'removed', reason: reason ?? '', blocked: true });
          // Still in the lobby: they leave it, erased as a declined registration is (S46).
          if (!(credential.waiting && (await this.leaveLobby(host.eventId, personId)))) await this.deps.auth.revokePerson(host.eventId, personId);
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
      'chat.mute': {
        // S47: a mute marks the person's network; a removal's mark (a block) outranks it.
        before: async ({ host }, { payload: { personId, muted } }) => {
          const credential = await this.deps.auth.person(host.eventId, personId);
          if (credential) await this.markNetwork(host.eventId, credential, muted ? { why: 'muted', reason: '', blocked: false } : 'unmuted');
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
    // Still in the lobby: nothing of them is in the ledger, so there is nothing to append (S46).
    if (credential.waiting) {
      // Being let in at this very moment: their join may not be in the ledger yet, so a forget now would come before it.
      if (!(await this.leaveLobby(host.eventId, personId))) throw new ClientError('conflict', 'a moderator is letting you in right now: try again in a moment');
      this.deps.eject(host.eventId, personId, { code: 'deleted', message: 'your registration was deleted; you can register again' });
      return;
    }
    // Let in from the lobby a moment ago: their join first, then their forget (J4).
    await this.registrations.settled(host.eventId, personId);
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
   * A registration from `address` (its per-address limit key). Refused as `checkRegistration`
   * says, and `blocked` from a network a removal blocked (S44); in the lobby while it is on
   * (S46), recorded in the figures (J1) once admitted; flagged when it shares a marked network
   * (S47).
   */
  async register(host: EventHost, form: z.output<typeof RegistrationSchema>, address: string): Promise<Registered> {
    const { eventId } = host;
    const policy = await this.checkRegistration(eventId, form.passcode, address);
    // The node's own machine is no one's network: it may be a proxy in front of everyone (S44).
    const network = isOwnMachine(address) ? undefined : networkTag(eventId, address);
    const mark = network === undefined ? undefined : (await this.deps.auth.marks(eventId)).find((m) => m.network === network);
    if (mark?.blocked) throw new ClientError('blocked', BLOCKED);
    const personId = newPersonId();
    const waiting = policy.lobby === true;
    const { name, community, region, country, organisation, consentToBeNamed, consentToStage } = form;
    const credential: Credential = {
      eventId,
      personId,
      role: 'participant',
      profile: { id: personId, name, community, region, country, organisation, consentToBeNamed, consentToStage },
      issuedAt: this.deps.clock(),
      sealingKey: newSealingKey(),
      fromSeq: host.state.seq,
      ...(network === undefined ? {} : { network }),
      ...(waiting ? { waiting } : {}),
      ...(mark ? { flag: { why: mark.why, personId: mark.personId } } : {}),
    };
    const token = await this.deps.auth.issue(credential);
    if (!waiting) await this.recordJoin(host, credential);
    // The lobby was turned off while this one was being stored: everyone waiting was let in, this one too (S46).
    else if (!(await this.deps.auth.registrationPolicy(eventId)).lobby && (await this.admit(host, [personId])) === 1) {
      return { token, personId, eventId, waiting: false };
    }
    if (waiting || mark) this.tellStaff(eventId);
    return { token, personId, eventId, waiting };
  }

  private recordJoin(host: EventHost, { personId, profile: { region, country, community } }: Credential): Promise<void> {
    return this.registrations.record(host, { personId, region, country, community });
  }

  /**
   * S46: the moderators and note-takers learn the lobby's and the flags' counts, on every node,
   * as they are a moment after a change: a join storm into the lobby costs them a few messages a
   * second, not one per registration.
   */
  tellStaff(eventId: string): void {
    if (this.countsDue.has(eventId)) return;
    this.countsDue.add(eventId);
    setTimeout(() => {
      this.countsDue.delete(eventId);
      this.moderationCounts(eventId).then(
        (counts) => this.deps.tellStaff(eventId, counts),
        (err: unknown) => this.deps.logger.warn({ err, eventId }, 'the lobby counts could not be read'),
      );
    }, STAFF_COUNTS_EVERY_MS).unref();
  }

  async moderationCounts(eventId: string): Promise<ModerationCounts> {
    const [waiting, flagged] = await Promise.all([this.deps.auth.waiting(eventId, 0, 0), this.deps.auth.flagged(eventId, 0)]);
    return { waiting: waiting.total, flagged: flagged.total };
  }

  /** S46: who waits, oldest first, as the staff sees them. */
  async lobby(eventId: string, offset: number, limit: number): Promise<{ total: number; people: RegistrationDetails[] }> {
    const page = await this.deps.auth.waiting(eventId, offset, limit);
    return { total: page.total, people: await this.detailsOf(eventId, page.people) };
  }

  /** S47: the latest flagged registrations, newest first. */
  async flags(eventId: string, limit: number): Promise<RegistrationDetails[]> {
    return this.detailsOf(eventId, (await this.deps.auth.flagged(eventId, limit)).people);
  }

  /**
   * S46: let people in, each once: their registration is recorded (J1), then their waiting
   * sockets are told and closed, to come straight back in. `'all'`: everyone waiting now.
   */
  async admit(host: EventHost, who: readonly string[] | 'all'): Promise<number> {
    const { eventId } = host;
    const ids = who === 'all' ? (await this.deps.auth.waiting(eventId, 0, Number.MAX_SAFE_INTEGER)).people.map((c) => c.personId) : [...new Set(who)];
    let admitted = 0;
    const counted: Promise<void>[] = [];
    const letIn = async (personId: string) => {
      if (!(await this.deps.auth.admit(eventId, personId))) return;
      admitted++;
      const credential = await this.deps.auth.person(eventId, personId);
      const joined = credential ? this.recordJoin(host, credential) : Promise.resolve();
      counted.push(joined.then(() => this.deps.eject(eventId, personId, { code: 'admitted', message: 'a moderator let you in' })));
    };
    // The auth store a few at a time; the joins are not waited for batch by batch: the folds carry
    // everyone let in meanwhile (J1), so a lobby of thousands is not one fold interval per batch.
    for (let i = 0; i < ids.length; i += ADMIT_AT_ONCE) await Promise.all(ids.slice(i, i + ADMIT_AT_ONCE).map(letIn));
    await Promise.all(counted);
    if (admitted > 0) {
      this.deps.logger.info({ eventId, admitted }, 'admitted from the lobby');
      this.tellStaff(eventId);
    }
    return admitted;
  }

  /** S46: a registration waiting in the lobby is erased, as if it had never been sent; its sockets are told. */
  async decline(host: EventHost, personId: string): Promise<void> {
    if (!(await this.leaveLobby(host.eventId, personId))) throw new ClientError('not_found', 'nobody with that id waits in the lobby');
    this.deps.eject(host.eventId, personId, { code: 'declined', message: 'a moderator did not let you in to this event' });
    this.deps.logger.info({ eventId: host.eventId, personId }, 'declined in the lobby');
  }

  /** Out of the lobby, erased as if never sent, if they still wait there (a decline, a removal, their own deletion). */
  private async leaveLobby(eventId: string, personId: string): Promise<boolean> {
    const left = await this.deps.auth.decline(eventId, personId);
    if (left) this.tellStaff(eventId);
    return left;
  }

  /** S45: the networks removals blocked, newest first, named by the person removed. */
  async blocks(eventId: string): Promise<Block[]> {
    const blocked = (await this.deps.auth.marks(eventId)).filter((m) => m.blocked);
    const names = await this.namesOf(
      eventId,
      blocked.map((m) => m.personId),
    );
    return blocked.map((m, i) => ({ personId: m.personId, name: names[i]!, reason: m.reason, at: m.at }));
  }

  /** S45: lift a block; the network still flags new registrations (S47). */
  async unblock(eventId: string, personId: string): Promise<void> {
    const mark = (await this.deps.auth.marks(eventId)).find((m) => m.personId === personId && m.blocked);
    if (!mark) throw new ClientError('not_found', 'no block for that person');
    await this.deps.auth.setMark(eventId, personId, { ...mark, blocked: false });
    this.deps.logger.info({ eventId, personId }, 'network block lifted');
  }

  /** S44, S47: a removal blocks the person's network; a mute marks it; an unmute drops a mute's mark. */
  private async markNetwork(eventId: string, credential: Credential, change: Pick<NetworkMark, 'why' | 'reason' | 'blocked'> | 'unmuted'): Promise<void> {
    const { network, personId } = credential;
    if (network === undefined) return;
    const mark = (await this.deps.auth.marks(eventId)).find((m) => m.personId === personId);
    if (change === 'unmuted') {
      if (mark?.why === 'muted') await this.deps.auth.setMark(eventId, personId, null);
      return;
    }
    // A mark already there stands against a mute (a removal's outranks it), and against a removal again
    // (a purge after a removal): a block a moderator lifted stays lifted (S45).
    if (mark && (change.why === 'muted' || mark.why === 'removed')) return;
    await this.deps.auth.setMark(eventId, personId, { personId, network, at: this.deps.clock(), ...change });
  }

  /** Registrations with the form's details and their flag, naming the person flagged against as the staff know them. */
  private async detailsOf(eventId: string, credentials: readonly Credential[]): Promise<RegistrationDetails[]> {
    const flaggedAgainst = await this.namesOf(
      eventId,
      credentials.map((c) => c.flag?.personId ?? null),
    );
    return credentials.map((c, i) => {
      const { name, community, region, country, organisation } = c.profile;
      const flag: Flag | null = c.flag ? { why: c.flag.why, like: { personId: c.flag.personId, name: flaggedAgainst[i]! } } : null;
      return { personId: c.personId, name, community, region, country, organisation, registeredAt: c.issuedAt, flag };
    });
  }

  /** The names of people by id, "Former participant" for one whose registration is erased. */
  private async namesOf(eventId: string, ids: readonly (string | null)[]): Promise<string[]> {
    const known = await Promise.all(ids.map((id) => (id === null ? null : this.deps.auth.person(eventId, id))));
    return known.map((c) => c?.profile.name ?? FORMER_PARTICIPANT);
  }

  /**
   * S6: registration closed → `forbidden`; a passcode missing or wrong → `unauthorized`.
   * S30, S31: too many checks at once, or too many wrong ones from `address` or for the event → `rate_limited`.
   */
  async checkRegistration(eventId: string, passcode: string | undefined, address: string): Promise<RegistrationPolicy> {
    const policy = await this.deps.auth.registrationPolicy(eventId);
    if (!policy.open) throw new ClientError('forbidden', 'registration for this event is closed');
    if (policy.passcodeHash === null) return policy;
    if (passcode === undefined || passcode === '') throw new ClientError('unauthorized', 'this event needs a passcode to register');
    this.deps.passcodes.mayTry(eventId, address);
    if (!(await passcodeMatches(passcode, policy.passcodeHash))) {
      this.deps.passcodes.failed(eventId, address);
      throw new ClientError('unauthorized', 'that passcode is not right');
    }
    return policy;
  }

  /** What a registration form needs to know; never the passcode. */
  async registrationInfo(eventId: string): Promise<RegistrationInfo> {
    return infoOf(await this.deps.auth.registrationPolicy(eventId));
  }

  /**
   * `passcode`: a new one, null to remove it, absent to keep the current one; `lobby` likewise
   * (absent keeps it). Turning the lobby off lets everyone waiting in (S46).
   */
  async setRegistration(host: EventHost, change: RegistrationSettings): Promise<RegistrationInfo> {
    const { eventId } = host;
    const current = await this.deps.auth.registrationPolicy(eventId);
    const passcodeHash = change.passcode === undefined ? current.passcodeHash : change.passcode === null ? null : await hashPasscode(change.passcode);
    const policy: RegistrationPolicy = { open: change.open, passcodeHash, lobby: change.lobby ?? current.lobby ?? false };
    await this.deps.auth.setRegistrationPolicy(eventId, policy);
    this.deps.logger.info({ eventId, open: policy.open, passcode: passcodeHash !== null, lobby: policy.lobby }, 'registration settings changed');
    if (current.lobby && !policy.lobby) await this.admit(host, 'all');
    return infoOf(policy);
  }
}

function infoOf(policy: RegistrationPolicy): RegistrationInfo {
  return { open: policy.open, passcode: policy.passcodeHash !== null, lobby: policy.lobby === true };
}
