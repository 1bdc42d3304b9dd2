/**
 * Snapshots of an event's state, so a node that starts late or restarts applies only the
 * entries after the latest one instead of the whole stream. A snapshot is an optimisation,
 * never the truth: the ledger is. Only several nodes on Redis keep them (server/snapshots/redis.ts);
 * a single node replays its own ledger, which it holds in memory anyway.
 */
import type { EventState } from '../../shared/state.ts';
import type { EventHost } from '../eventHost.ts';

/** What the event registry needs: where to start an event from, and who keeps its snapshots fresh. */
export interface SnapshotStore {
  /** The newest stored state of an event, or null to replay from the start. */
  latest(eventId: string): Promise<EventState | null>;
  /** Store the host's state every so many entries from now on. */
  follow(host: EventHost): void;
}
