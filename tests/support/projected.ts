/** What a browser of `audience` must hold after `entries`: the projection of their replay, as a node computes it (B6). */
import type { EventHost } from '../../server/eventHost.ts';
import { type Audience, projectState, Redactions } from '../../shared/projection.ts';
import type { Entry } from '../../shared/protocol.ts';
import { applyEntry } from '../../shared/reducer/index.ts';
import { type EventState, emptyState } from '../../shared/state.ts';
import type { TestClient } from './client.ts';

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

/** What `client`'s screen must hold: the node's state as projected for its person (B6). */
export function projectedFor(host: EventHost, client: TestClient): EventState {
  if (!client.self) throw new Error('the client has no snapshot yet');
  return host.projectedState({ role: client.self.role, personId: client.self.id });
}
