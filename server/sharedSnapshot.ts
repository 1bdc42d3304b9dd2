/**
 * The snapshot state every join shares: an event's projection for everyone (B1) at its
 * latest seq, packed and JSON-encoded once per seq, whatever number of sockets join or
 * `sync` at that seq (a join storm, a reconnect storm, a flood of `sync`). The encoded bytes
 * go into each socket's packet as they are (`PreEncoded`).
 */
import { EVERYONE } from '../shared/projection.ts';
import { type PackedState, packState } from '../shared/wire.ts';
import type { EventHost } from './eventHost.ts';
import { PreEncoded } from './preEncoded.ts';

const cache = new WeakMap<EventHost, { seq: number; state: PreEncoded<PackedState>; encodings: number }>();

/** The shared snapshot state of `host` now, encoded if its seq moved since the last one. */
export function sharedSnapshotState(host: EventHost): PreEncoded<PackedState> {
  const cached = cache.get(host);
  if (cached?.seq === host.state.seq) return cached.state;
  const state = new PreEncoded(packState(host.projectedState(EVERYONE)));
  cache.set(host, { seq: host.state.seq, state, encodings: (cached?.encodings ?? 0) + 1 });
  return state;
}

/** How many times `host`'s shared snapshot was encoded (`gavel_snapshot_encodings_total`). */
export function snapshotEncodings(host: EventHost): number {
  return cache.get(host)?.encodings ?? 0;
}
