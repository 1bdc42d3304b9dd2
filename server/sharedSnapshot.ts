/**
 * The snapshot state every join shares: an event's projection for everyone (B1) at its
 * latest seq, packed and JSON-encoded once per seq, whatever number of sockets join or
 * `sync` at that seq (a join storm, a reconnect storm, a flood of `sync`). The encoded bytes
 * go into each socket's packet as they are (`PreEncoded`).
 */
import { EVERYONE, STAGE } from '../shared/projection.ts';
import { MODERATORS } from '../shared/questionsProjection.ts';
import type { Contribution } from '../shared/state.ts';
import { type PackedState, packState } from '../shared/wire.ts';
import type { EventHost } from './eventHost.ts';
import { PreEncoded } from './preEncoded.ts';

/**
 * Who shares a snapshot: every browser but a voter in an open secret ballot (B7) and the asker of
 * a held or anonymous question (B11), or the stage display (S17), or the moderators (B11).
 */
export type SharedAudience = 'everyone' | 'stage' | 'moderators';

const AUDIENCES = { everyone: EVERYONE, stage: STAGE, moderators: MODERATORS } as const;

interface Cached {
  seq: number;
  state: PreEncoded<PackedState>;
}

const cache = new WeakMap<EventHost, { everyone?: Cached; stage?: Cached; moderators?: Cached; encodings: number }>();

/**
 * The contributions are most of a large event's bytes (a thousand texts of up to 5,000
 * characters) and change far less often than its seq, which the chat moves several times a
 * second: their JSON is kept per list, which the reducer replaces whenever it changes one, so
 * a snapshot at a new seq encodes the rest of the state only.
 */
const encodedContributions = new WeakMap<readonly Contribution[], PreEncoded<Contribution[]>>();

function withEncodedContributions(packed: PackedState): PackedState {
  const { items } = packed.contributions;
  let encoded = encodedContributions.get(items);
  if (!encoded) {
    encoded = new PreEncoded(items);
    encodedContributions.set(items, encoded);
  }
  // Written as the list itself (PreEncoded.toJSON): typed as the list it stands for.
  return { ...packed, contributions: { ...packed.contributions, items: encoded as unknown as Contribution[] } };
}

/** The shared snapshot state of `host` now for `audience`, encoded if its seq moved since the last one. */
export function sharedSnapshotState(host: EventHost, audience: SharedAudience = 'everyone'): PreEncoded<PackedState> {
  const entry = cache.get(host) ?? { encodings: 0 };
  cache.set(host, entry);
  const cached = entry[audience];
  if (cached?.seq === host.state.seq) return cached.state;
  const state = new PreEncoded(withEncodedContributions(packState(host.projectedState(AUDIENCES[audience]))));
  entry[audience] = { seq: host.state.seq, state };
  // The stage's and the moderators' are few and counted apart from what a crowd costs: the metric counts everyone's.
  if (audience === 'everyone') entry.encodings++;
  return state;
}

/** How many times `host`'s shared snapshot for everyone was encoded (`gavel_snapshot_encodings_total`). */
export function snapshotEncodings(host: EventHost): number {
  return cache.get(host)?.encodings ?? 0;
}
