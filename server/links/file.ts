/**
 * The invite links of one node in DATA_DIR/links.json, a file only the server's user can read
 * (mode 0600; `npm run links` prints it again). Every save rewrites the whole file.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreWriteError } from '../storage/appendOnlyFile.ts';
import { type InviteLink, type LinkBook, LinkIndex, parseInviteLink } from './types.ts';

export class FileLinkBook implements LinkBook {
  private readonly index = new LinkIndex();
  private readonly path: string;

  private constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'links.json');
  }

  /** Read `${dataDir}/links.json` if it exists; a damaged one throws, naming the file and what to do. */
  static open(dataDir: string): FileLinkBook {
    const book = new FileLinkBook(dataDir);
    if (existsSync(book.path)) {
      for (const list of Object.values(readLinkFile(book.path))) for (const link of list) book.index.put(link);
    }
    return book;
  }

  get(eventId: string): InviteLink[] {
    return this.index.get(eventId);
  }

  all(): InviteLink[] {
    return this.index.all();
  }

  /** Throws a `StoreWriteError`, changing nothing, when the file cannot be written. */
  put(link: InviteLink): void {
    this.save(this.index.byEventWith(link));
    this.index.put(link);
  }

  /** Write a copy, fsync it, rename it over the file, fsync the folder: the file is the old one or the new one, whole. */
  private save(links: Record<string, InviteLink[]>): void {
    const { path } = this;
    const next = `${path}.tmp`;
    try {
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      const bytes = Buffer.from(JSON.stringify(links, null, 2));
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
  const links: Record<string, InviteLink[]> = {};
  for (const [eventId, list] of Object.entries(saved as Record<string, unknown[]>)) {
    links[eventId] = list.map((raw, i) => {
      try {
        return parseInviteLink(raw, `link ${i + 1} of event ${JSON.stringify(eventId)}`);
      } catch (error) {
        throw damaged((error as Error).message);
      }
    });
  }
  return links;
}
