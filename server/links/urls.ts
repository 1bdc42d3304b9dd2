/** How invite links are shown: as addresses, and as the terminal prints them. */
import type { InviteLink } from './types.ts';

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
