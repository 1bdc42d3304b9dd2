/**
 * The organiser's invite links (moderator, speakers, stage). Tokens are stored hashed in the
 * auth store; this book keeps the clear links the organiser needs to hand out, in a file
 * only the server's user can read (`npm run links` prints it again).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreWriteError } from './storage/appendOnlyFile.ts';

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
      for (const [eventId, list] of Object.entries(readLinkFile(path))) this.links.set(eventId, list);
    }
  }

  get(eventId: string): InviteLink[] {
    return this.links.get(eventId) ?? [];
  }

  all(): InviteLink[] {
    return [...this.links.values()].flat();
  }

  /** Replace the link of the same person (a re-issued link) or add it; throws a `StoreWriteError`, changing nothing, when the file cannot be written. */
  put(link: InviteLink): void {
    const list = this.get(link.eventId).filter((l) => l.personId !== link.personId);
    const next = new Map(this.links).set(link.eventId, [...list, link]);
    this.save(next);
    this.links.set(link.eventId, next.get(link.eventId)!);
  }

  private path(): string | null {
    return this.dataDir ? join(this.dataDir, 'links.json') : null;
  }

  /** Write a copy, fsync it, rename it over the file, fsync the folder: the file is the old one or the new one, whole. */
  private save(links: Map<string, InviteLink[]>): void {
    const path = this.path();
    if (!path || !this.dataDir) return;
    const next = `${path}.tmp`;
    try {
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      const bytes = Buffer.from(JSON.stringify(Object.fromEntries(links), null, 2));
      const fd = openSync(next, 'w', 0o600);
      try {
        // A write may take only part of the buffer (a nearly full disk): write on until all is.
        for (let offset = 0; offset < bytes.length; ) {
          const written = writeSync(fd, bytes, offset, bytes.length - offset);
          if (written <= 0) throw new Error(`short write: ${offset} of ${bytes.length} bytes written, then none`);
          offset += written;
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(next, path);
      const folder = openSync(this.dataDir, 'r');
      try {
        fsyncSync(folder);
      } finally {
        closeSync(folder);
      }
    } catch (error) {
      try {
        rmSync(next, { force: true });
      } catch {
        // Not ours to remove (not a file): the next save fails the same way and says so.
      }
      throw new StoreWriteError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/**
 * The saved links. An empty, half-written or unreadable file stops the node with the file
 * named and what to do: starting without it would lose the organiser's links silently.
 */
export function readLinkFile(path: string): Record<string, InviteLink[]> {
  const damaged = (what: string) =>
    new Error(
      `${path}: ${what}. This file keeps the organiser's invite links (moderators, speakers, stage). Restore it from a backup; ` +
        `or, to start without it, move it aside: the links already handed out keep working, but \`npm run links\` and the moderators' link panel no longer show them.`,
    );
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') throw damaged('the file is empty');
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch (error) {
    throw damaged(`unreadable JSON (${error instanceof Error ? error.message : String(error)}), probably a half-written file`);
  }
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved) || !Object.values(saved).every(Array.isArray)) {
    throw damaged('not a map of event ids to lists of links');
  }
  return saved as Record<string, InviteLink[]>;
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
