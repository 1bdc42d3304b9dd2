/** What a browser of `audience` must hold after `entries`: the projection of their replay, as a node computes it (B6). */
import { type Audience, projectState, Redactions } from '../../shared/projection.ts';
import type { Entry } from '../../shared/protocol.ts';
import { applyEntry } from '../../shared/reducer/index.ts';
import { type EventState, emptyState } from '../../shared/state.ts';

export function projectedReplay(eventId: string, entries: Iterable<Entry>, audience: Audience): EventState {
  let state = emptyState(eventId);
  const redactions = new Redactions();
  for (const entry of entries) {
    const applied = applyEntry(state, entry);
    redactions.record(entry, applied);
    state = applied.state;
  }
  return projectState(state, audience, redactions);
}
