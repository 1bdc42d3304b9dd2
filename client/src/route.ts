/**
 * Where the page is: `/e/<eventId>/`, the stage overlay variant (`?overlay=1`), and the
 * token an invite link carries in its fragment (`#k=<token>`), which never reaches a server log.
 */
import { readStored, writeStored } from './storage.ts';

export interface Route {
  eventId: string | null;
  overlay: boolean;
  /** The token in the address bar's fragment, if any. */
  fragmentToken: string | null;
}

export function parseRoute(pathname: string, search: string, hash: string): Route {
  const match = /^\/e\/([^/]+)\/?/.exec(pathname);
  let eventId: string | null = null;
  if (match?.[1]) {
    try {
      eventId = decodeURIComponent(match[1]);
    } catch {
      eventId = null;
    }
  }
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('k');
  return { eventId, overlay: new URLSearchParams(search).get('overlay') === '1', fragmentToken: token || null };
}

export function tokenKey(eventId: string): string {
  return `gavel:token:${eventId}`;
}

/**
 * What a page opened from a link does with the token it brings (S16), against the one this
 * browser keeps for the event: with no link, the kept one; with a link and nothing kept (or
 * the same token), the link's; with a link to a different token, it asks first, since that
 * link may be someone else's and replacing the kept token would sign this person out.
 */
export type TokenChoice = { kind: 'use'; token: string | null } | { kind: 'ask'; current: string; offered: string };

export function chooseToken(kept: string | null, offered: string | null): TokenChoice {
  if (!offered) return { kind: 'use', token: kept };
  if (!kept || kept === offered) return { kind: 'use', token: offered };
  return { kind: 'ask', current: kept, offered };
}

/** Whom a token signs in, as `GET /api/me` says; null when it signs in no one. */
export interface Holder {
  token: string;
  personId: string;
  name: string;
}

/**
 * Once both tokens are looked up: a link that signs in no one changes nothing; a kept token
 * that no longer works, or a link for the same person (a new link), is replaced without a
 * word; two different people need the person to say which (S16).
 */
export function afterLookup(current: Holder | null, offered: Holder | null): 'keep' | 'switch' | 'ask' {
  if (!offered) return 'keep';
  if (!current || current.personId === offered.personId) return 'switch';
  return 'ask';
}

/**
 * The token choice for this page: the link's token leaves the address bar at once (so it is
 * not shared by a screenshot or a copied URL), and is kept when there is nothing to ask; a
 * reload finds the kept token again in localStorage.
 */
export function takeToken(route: Route, location: Location, history: History): TokenChoice {
  if (!route.eventId) return { kind: 'use', token: null };
  const choice = chooseToken(readStored(tokenKey(route.eventId)), route.fragmentToken);
  if (route.fragmentToken) history.replaceState(history.state, '', location.pathname + location.search);
  if (choice.kind === 'use' && choice.token) writeStored(tokenKey(route.eventId), choice.token);
  return choice;
}

export function storeToken(eventId: string, token: string | null): void {
  writeStored(tokenKey(eventId), token);
}
