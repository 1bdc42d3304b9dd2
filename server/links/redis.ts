/**
 * The organiser's invite links in Redis, so that every node (and `npm run links`) has them.
 * They are the organiser's secret, like DATA_DIR/links.json: whoever can read this Redis can
 * sign in as a moderator, so Redis must be private (see the README).
 *
 * Keys, under the deployment's prefix:
 *   links           hash     <event>/<person> → link JSON
 *   links:changed   channel  an event's links changed (the message is the event id)
 *
 * Each node keeps them in memory (the LinkBook API is synchronous) and hears about links that
 * other nodes write on the channel; `reload` after a reconnect covers what a blip dropped.
 */
import type { Redis } from 'ioredis';
import { type InviteLink, type LinkBook, LinkIndex, parseInviteLink } from './types.ts';

/** The hash of every link, and the channel that says an event's links changed. */
export function linkKeys(prefix: string): { links: string; changed: string } {
  return { links: `${prefix}links`, changed: `${prefix}links:changed` };
}

export class RedisLinkBook implements LinkBook {
  private readonly index = new LinkIndex();
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Read every link; the connection stays the caller's. */
  static async open(redis: Redis, prefix: string, warn: (message: string) => void = () => {}): Promise<RedisLinkBook> {
    const book = new RedisLinkBook(redis, prefix, warn);
    await book.reload();
    return book;
  }

  get(eventId: string): InviteLink[] {
    return this.index.get(eventId);
  }

  all(): InviteLink[] {
    return this.index.all();
  }

  put(link: InviteLink): void {
    this.index.put(link);
    const { links, changed } = linkKeys(this.prefix);
    // In order, one after the other; `flushed` lets a caller wait for them.
    this.writes = this.writes
      .then(() => this.redis.multi().hset(links, `${link.eventId}/${link.personId}`, JSON.stringify(link)).publish(changed, link.eventId).exec())
      .then(
        () => {},
        (err: unknown) => this.warn(`link for ${link.eventId}/${link.personId} not stored in Redis: ${err instanceof Error ? err.message : String(err)}`),
      );
  }

  /** Resolves once every link put so far is written (or has failed, with a warning). */
  flushed(): Promise<void> {
    return this.writes;
  }

  /** Read every link from Redis into memory; a damaged record throws, naming its key and field. */
  async reload(): Promise<void> {
    const { links } = linkKeys(this.prefix);
    const stored = await this.redis.hgetall(links);
    for (const [field, json] of Object.entries(stored)) {
      const where = `Redis ${links} ${field}`;
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch {
        throw new Error(`${where}: unreadable JSON`);
      }
      this.index.put(parseInviteLink(raw, where));
    }
  }
}
