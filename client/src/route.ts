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
 * The person's token for this event: a link's token replaces what the browser kept (and
 * leaves the address bar, so it is not shared by a screenshot or a copied URL); a reload
 * finds it again in localStorage.
 */
export function takeToken(route: Route, location: Location, history: History): string | null {
  if (!route.eventId) return null;
  if (route.fragmentToken) {
    writeStored(tokenKey(route.eventId), route.fragmentToken);
    history.replaceState(history.state, '', location.pathname + location.search);
    return route.fragmentToken;
  }
  return readStored(tokenKey(route.eventId));
}

export function storeToken(eventId: string, token: string | null): void {
  writeStored(tokenKey(eventId), token);
}
