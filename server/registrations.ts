/**
 * J1: the registration figures come from the ledger like everything else, without one entry
 * per registration going to every screen. A node folds the registrations it takes for an event
 * into one `people.joined` entry, appended at once when the event is quiet, else when the
 * interval since the last one has passed. The interval grows with the audience, so that the
 * folds cost the room about `FOLD_DELIVERIES_PER_SECOND` deliveries a second however many
 * register: with a hundred people online a registration waits 20 ms at most, with ten thousand
 * 2 s (`MAX_FOLD_MS`). Each node folds only the registrations it took, so in a cluster nobody
 * is counted twice; a registration happens once per person id.
 */
import { LIMITS } from '../shared/constants.ts';
import type { Join } from '../shared/protocol.ts';
import type { EventHost } from './eventHost.ts';
import { SYSTEM_ACTOR } from './events.ts';
import type { Ledger } from './ledger/types.ts';
import type { Logger } from './logger.ts';

export const FOLD_DELIVERIES_PER_SECOND = 5_000;
export const MAX_FOLD_MS = 2_000;

/** The shortest time between two folds of an event with `audience` people online. */
export function foldIntervalMs(audience: number): number {
  return Math.min(MAX_FOLD_MS, (audience * 1000) / FOLD_DELIVERIES_PER_SECOND);
}

interface Waiting {
  join: Join;
  counted: () => void;
}

interface EventFold {
  host: EventHost;
  waiting: Waiting[];
  timer: NodeJS.Timeout | null;
  appending: boolean;
  lastAt: number;
}

export interface RegistrationFoldDeps {
  ledger: Ledger;
  logger: Logger;
  /** How many people are online in the event, on every node (presence, Y1). */
  audience(eventId: string): number;
  /** Monotonic milliseconds. */
  now?: () => number;
}

export class RegistrationFold {
  private readonly events = new Map<string, EventFold>();
  /** Joins waiting in a fold, by event and person. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: RegistrationFoldDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  /**
   * Resolves once the join is applied here, in the fold that carried it: the person is then
   * counted, and their registration may be answered. A ledger failure costs the fold's counts
   * in the figures, never the registrations.
   */
  record(host: EventHost, join: Join): Promise<void> {
    let fold = this.events.get(host.eventId);
    if (!fold) {
      fold = { host, waiting: [], timer: null, appending: false, lastAt: Number.NEGATIVE_INFINITY };
      this.events.set(host.eventId, fold);
    }
    const counted = new Promise<void>((resolve) => fold.waiting.push({ join, counted: resolve }));
    const key = `${host.eventId} ${join.personId}`;
    this.inFlight.set(key, counted);
    void counted.then(() => this.inFlight.delete(key));
    this.schedule(fold);
    return counted;
  }

  /**
   * Once the person's join, if this node is folding it, is applied: a deletion of their
   * registration (just admitted from the lobby) then comes after it in the ledger (J4).
   */
  async settled(eventId: string, personId: string): Promise<void> {
    await this.inFlight.get(`${eventId} ${personId}`);
  }

  private schedule(fold: EventFold): void {
    if (fold.timer || fold.appending || fold.waiting.length === 0) return;
    const due = fold.lastAt + foldIntervalMs(this.deps.audience(fold.host.eventId));
    fold.timer = setTimeout(() => void this.append(fold), Math.max(0, due - this.now()));
    fold.timer.unref();
  }

  private async append(fold: EventFold): Promise<void> {
    fold.timer = null;
    fold.appending = true;
    fold.lastAt = this.now();
    const batch = fold.waiting.splice(0, LIMITS.joinsPerEntry);
    const { eventId } = fold.host;
    try {
      const people = batch.map((w) => w.join);
      const entry = await this.deps.ledger.append(eventId, { actor: SYSTEM_ACTOR, command: { type: 'people.joined', payload: { people } } });
      await fold.host.whenApplied(entry.seq);
    } catch (err) {
      this.deps.logger.warn({ err, eventId, registrations: batch.length }, 'registration figures: a fold of joins was not recorded');
    } finally {
      for (const { counted } of batch) counted();
      fold.appending = false;
      this.schedule(fold);
    }
  }
}
