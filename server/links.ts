/**
 * The organiser's invite links (moderator, speakers, stage). Tokens are stored hashed in the
 * auth store; this book keeps the clear links the organiser needs to hand out, in a file
 * only the server's user can read (`npm run links` prints it again).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface InviteLink {
  eventId: string;
  personId: string;
  role: string;
  name: string;
  title: string;
  /** The clear token: this file is the only place it is kept (mode 0600). */
  token: string;
}

export class LinkBook {
  private readonly links = new Map<string, InviteLink[]>();

  constructor(private readonly dataDir: string | null) {
    const path = this.path();
    if (path && existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, InviteLink[]>;
      for (const [eventId, list] of Object.entries(saved)) this.links.set(eventId, list);
    }
  }

  get(eventId: string): InviteLink[] {
    return this.links.get(eventId) ?? [];
  }

  all(): InviteLink[] {
    return [...this.links.values()].flat();
  }

  /** Replace the link of the same person (a re-issued link) or add it. */
  put(link: InviteLink): void {
    const list = this.get(link.eventId).filter((l) => l.personId !== link.personId);
    this.links.set(link.eventId, [...list, link]);
    this.save();
  }

  private path(): string | null {
    return this.dataDir ? join(this.dataDir, 'links.json') : null;
  }

  private save(): void {
    const path = this.path();
    if (!path || !this.dataDir) return;
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(`${path}.tmp`, JSON.stringify(Object.fromEntries(this.links), null, 2), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
}

export interface LinkUrls {
  participant(eventId: string): string;
  invite(eventId: string, token: string): string;
}

/** Links use the address the node is reached at now, so a changed PUBLIC_URL or port is honoured. */
export function linkUrls(base: string): LinkUrls {
  return {
    participant: (eventId) => `${base}/e/${eventId}/`,
    invite: (eventId, token) => `${base}/e/${eventId}/#k=${token}`,
  };
}

/** The links as the terminal shows them. */
export function formatLinks(links: readonly InviteLink[], urls: LinkUrls): string {
  const byEvent = new Map<string, InviteLink[]>();
  for (const l of links) byEvent.set(l.eventId, [...(byEvent.get(l.eventId) ?? []), l]);
  const lines: string[] = [];
  for (const [eventId, list] of byEvent) {
    lines.push(`Event ${eventId}`, `  ${'participants register at'.padEnd(40)} ${urls.participant(eventId)}`);
    for (const l of list) lines.push(`  ${`${l.role}: ${l.name}`.padEnd(40)} ${urls.invite(eventId, l.token)}`);
  }
  return lines.join('\n');
}
