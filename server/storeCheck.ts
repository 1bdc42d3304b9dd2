/**
 * L-D5: before a file-mode node opens its auth journal and link book, check that they belong
 * to the ledger beside them. Without the ledger file of an event whose tokens and links are
 * kept, the node would silently start a new, empty event, and the old participants' tokens
 * would sign into it. So it refuses to start, unless the operator asks to start fresh; then
 * the old journal and links are moved aside (renamed with a timestamp), so that no old token
 * signs into the new event.
 */
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readLinkFile } from './links/file.ts';

export interface StoreCheck {
  dataDir: string;
  /** The events the ledger holds entries for. */
  ledgerEvents: readonly string[];
  /** GAVEL_START_FRESH=1: move orphaned stores aside instead of refusing. */
  startFresh: boolean;
  now?: () => Date;
}

/** Throws when the stores do not belong to the ledger; returns the files moved aside (start fresh), if any. */
export function checkStoresAgainstLedger({ dataDir, ledgerEvents, startFresh, now = () => new Date() }: StoreCheck): string[] {
  const authPath = join(dataDir, 'auth.jsonl');
  const linksPath = join(dataDir, 'links.json');
  const ledgerDir = join(dataDir, 'ledger');
  const hasAuth = existsSync(authPath) && statSync(authPath).size > 0;
  const hasLinks = existsSync(linksPath);
  if (!hasAuth && !hasLinks) return [];

  const known = new Set(ledgerEvents);
  let orphans: string[];
  if (known.size === 0) {
    // No event at all (also when links.json cannot be read: there is nothing it can belong to).
    orphans = ['(every event)'];
  } else {
    const referenced = new Set([...(hasAuth ? journalEventIds(authPath) : []), ...(hasLinks ? linkEventIds(linksPath) : [])]);
    orphans = [...referenced].filter((eventId) => !known.has(eventId)).sort();
  }
  if (orphans.length === 0) return [];

  const stores = [hasAuth && authPath, hasLinks && linksPath].filter((p): p is string => typeof p === 'string');
  if (startFresh) {
    const suffix = now().toISOString().replace(/[:.]/g, '-');
    return stores.map((path) => {
      const aside = `${path}.before-${suffix}`;
      renameSync(path, aside);
      return aside;
    });
  }
  const hold = stores.length > 1 ? 'hold' : 'holds';
  const what =
    known.size === 0
      ? `${ledgerDir} holds no event, but ${stores.join(' and ')} ${hold} the tokens and links of an earlier one`
      : `${ledgerDir} holds no entries for ${orphans.map((e) => `"${e}" (${join(ledgerDir, `${e}.jsonl`)} is missing or empty)`).join(', ')}, but ${stores.join(' and ')} ${hold} its tokens and links`;
  throw new Error(
    `${what}. Starting would create a new, empty event that the old tokens sign into. If the ledger files were lost, restore ${ledgerDir} from a backup. ` +
      `To start a new event instead, set GAVEL_START_FRESH=1 once: ${stores.join(' and ')} will be moved aside (renamed with a timestamp), and every old link stops working.`,
  );
}

/** Every event id the auth journal mentions; unreadable lines are left to the store, which names them. */
function journalEventIds(path: string): Set<string> {
  const ids = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const change = JSON.parse(line) as { op?: string; eventId?: unknown; record?: { credential?: { eventId?: unknown } } };
      const eventId = change.op === 'issue' ? change.record?.credential?.eventId : change.eventId;
      if (typeof eventId === 'string') ids.add(eventId);
    } catch {
      // The store's own load refuses it with the file and line.
    }
  }
  return ids;
}

function linkEventIds(path: string): string[] {
  try {
    return Object.keys(readLinkFile(path));
  } catch {
    return []; // the link book's load refuses it with the file named and what to do
  }
}
