/**
 * The organiser's invite links in Redis, so that every node (and `npm run links`) has them.
 * They are the organiser's secret, like DATA_DIR/links.json: whoever can read this Redis can
 * sign in as a moderator, so Redis must be private (see the README).
 *
 * Each node keeps them in memory (LinkBook's API is synchronous) and hears about links that
 * other nodes write on a channel; `reload` after a reconnect covers what a blip dropped.
 */
import type { Redis } from 'ioredis';
import { type InviteLink, LinkBook } from '../links.ts';

export class RedisLinkBook extends LinkBook {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly warn: (message: string) => void,
  ) {
    super(null);
  }

  static async open(redis: Redis, prefix: string, warn: (message: string) => void = () => {}): Promise<RedisLinkBook> {
    const book = new RedisLinkBook(redis, prefix, warn);
    await book.reload();
    return book;
  }

  /** The hash of every link, and the channel that says an event's links changed. */
  static keys(prefix: string): { links: string; changed: string } {
    return { links: `${prefix}links`, changed: `${prefix}links:changed` };
  }

  override put(link: InviteLink): void {
    super.put(link);
    const { links, changed } = RedisLinkBook.keys(this.prefix);
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

  /** Read every link from Redis into memory. */
  async reload(): Promise<void> {
    const stored = await this.redis.hgetall(RedisLinkBook.keys(this.prefix).links);
    for (const json of Object.values(stored)) super.put(JSON.parse(json) as InviteLink);
  }
}
