/**
 * The organiser's invite links (moderator, speakers, stage). Tokens are stored hashed in the
 * auth store; a link book keeps the clear links the organiser needs to hand out. Three
 * backends: memory (tests, a node without DATA_DIR), a file (one node) and Redis (several
 * nodes); each holds a `LinkIndex`, and tests/server/links/contract.ts runs on all three.
 *
 * The API is synchronous: every backend answers from memory, and a durable one writes through.
 */
import { z } from 'zod';
import { describeZodError } from '../../shared/protocol.ts';

export const InviteLinkSchema = z.object({
  eventId: z.string(),
  personId: z.string(),
  role: z.string(),
  name: z.string(),
  title: z.string(),
  /** The clear token: the link book is the only place it is kept. */
  token: z.string(),
});
export type InviteLink = z.infer<typeof InviteLinkSchema>;

export interface LinkBook {
  /** An event's links, in the order they were first put. */
  get(eventId: string): InviteLink[];
  /** Every event's links. */
  all(): InviteLink[];
  /** Replace the link of the same person (a re-issued link) or add it. */
  put(link: InviteLink): void;
}

/** A stored link, checked: a damaged record is named (`where`) instead of breaking whatever reads it later. */
export function parseInviteLink(raw: unknown, where: string): InviteLink {
  const parsed = InviteLinkSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${where}: not an invite link (${describeZodError(parsed.error)})`);
  return parsed.data;
}

/** The links in memory, per event: what every backend answers from. */
export class LinkIndex {
  private readonly links = new Map<string, InviteLink[]>();

  get(eventId: string): InviteLink[] {
    return this.links.get(eventId) ?? [];
  }

  all(): InviteLink[] {
    return [...this.links.values()].flat();
  }

  put(link: InviteLink): void {
    this.links.set(link.eventId, this.listWith(link));
  }

  /** Every event's links as they would be after `put(link)`, leaving the index as it is (to save first). */
  byEventWith(link: InviteLink): Record<string, InviteLink[]> {
    return Object.fromEntries(new Map(this.links).set(link.eventId, this.listWith(link)));
  }

  private listWith(link: InviteLink): InviteLink[] {
    return [...this.get(link.eventId).filter((l) => l.personId !== link.personId), link];
  }
}
