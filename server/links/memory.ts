/** Links kept in memory only: tests, and a node without a data dir. */
import { type InviteLink, type LinkBook, LinkIndex } from './types.ts';

export class MemoryLinkBook implements LinkBook {
  private readonly index = new LinkIndex();

  get(eventId: string): InviteLink[] {
    return this.index.get(eventId);
  }

  all(): InviteLink[] {
    return this.index.all();
  }

  put(link: InviteLink): void {
    this.index.put(link);
  }
}
