/** The events a node serves: creating them from templates and hosting them from the ledger. */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../shared/protocol.ts';
import { STAGE_ID, setupFromTemplate, type Template } from '../shared/template.ts';
import type { AuthStore, Credential } from './auth/types.ts';
import { ClientError } from './errors.ts';
import { EventHost } from './eventHost.ts';
import type { Ledger } from './ledger/types.ts';
import type { InviteLink, LinkBook } from './links/types.ts';
import type { SnapshotStore } from './snapshots/types.ts';

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system', name: 'Gavel', community: '', region: 'other', country: '' };

export class EventRegistry {
  private readonly hosts = new Map<string, EventHost>();
  private readonly starting = new Map<string, Promise<EventHost>>();

  constructor(
    private readonly ledger: Ledger,
    private readonly auth: AuthStore,
    private readonly links: LinkBook,
    /** Where to start an event from instead of its first entry (Redis), and who keeps that fresh. */
    private readonly snapshots: SnapshotStore | null = null,
  ) {}

  /** Host every event the ledger holds; resolves once each has replayed what is stored. */
  async loadAll(): Promise<void> {
    for (const eventId of await this.ledger.events()) await this.host(eventId);
  }

  get(eventId: string): EventHost | undefined {
    return this.hosts.get(eventId);
  }

  all(): EventHost[] {
    return [...this.hosts.values()];
  }

  /** Start hosting an event (idempotent). */
  host(eventId: string): Promise<EventHost> {
    const existing = this.starting.get(eventId);
    if (existing) return existing;
    const started = (async () => {
      const host = new EventHost(eventId, this.ledger, (await this.snapshots?.latest(eventId)) ?? undefined);
      await host.start();
      this.snapshots?.follow(host);
      this.hosts.set(eventId, host);
      return host;
    })();
    // A start that failed (the ledger was unreachable) may be tried again.
    started.catch(() => this.starting.delete(eventId));
    this.starting.set(eventId, started);
    return started;
  }

  /**
   * Create an event from a template: its `event.create` entry goes into the ledger, then a
   * link is issued for each moderator, speaker and note-taker of the roster, and one for the stage.
   */
  async create(template: Template): Promise<{ eventId: string; links: InviteLink[] }> {
    const eventId = template.id ?? `${slug(template.title)}-${randomBytes(3).toString('hex')}`;
    if ((await this.ledger.head(eventId)) > 0) throw new ClientError('conflict', `an event with id "${eventId}" already exists`);
    const setup = setupFromTemplate(template);
    const entry = await this.ledger.append(eventId, { actor: SYSTEM_ACTOR, command: { type: 'event.create', payload: setup } });
    const host = await this.host(eventId);
    // Two creations racing for one id: the reducer takes the first and refuses the second.
    if (await host.whenApplied(entry.seq)) throw new ClientError('conflict', `an event with id "${eventId}" already exists`);
    const issued: InviteLink[] = [];
    for (const person of setup.roster) {
      issued.push(
        await this.invite(
          eventId,
          {
            eventId,
            personId: person.id,
            role: person.role,
            profile: {
              id: person.id,
              name: person.name,
              community: person.community,
              region: person.region,
              country: person.country,
              organisation: person.organisation,
              consentToBeNamed: true,
            },
            issuedAt: Date.now(),
          },
          person.title,
        ),
      );
    }
    issued.push(
      await this.invite(
        eventId,
        {
          eventId,
          personId: STAGE_ID,
          role: 'stage',
          profile: { id: STAGE_ID, name: 'Stage display', community: '', region: 'other', country: '', organisation: '', consentToBeNamed: false },
          issuedAt: Date.now(),
        },
        'Stage display',
      ),
    );
    return { eventId, links: issued };
  }

  private async invite(eventId: string, credential: Credential, title: string): Promise<InviteLink> {
    const token = await this.auth.issue(credential);
    const link: InviteLink = { eventId, personId: credential.personId, role: credential.role, name: credential.profile.name, title, token };
    this.links.put(link);
    return link;
  }

  stop(): void {
    for (const host of this.hosts.values()) host.stop();
  }
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'event'
  );
}
