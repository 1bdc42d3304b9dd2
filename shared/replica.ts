/**
 * A client's copy of the event: a snapshot, then entries applied with the same reducer.
 * Entries already applied are ignored; a gap in `seq` asks for what is missing (the
 * caller answers with entries or a fresh snapshot). No I/O: the caller wires it to a socket.
 */
import type { Entry } from './protocol.ts';
import { applyEntry } from './reducer/index.ts';
import type { EventState } from './state.ts';

export class EventReplica {
  private current: EventState;
  /** Entries that arrived ahead of a gap, applied once the gap is filled. */
  private pending = new Map<number, Entry>();
  private syncing = false;

  constructor(
    snapshot: EventState,
    /** Ask the server for entries after `sinceSeq`; call `receive` or `reset` with the answer. */
    private readonly requestSync: (sinceSeq: number) => void,
  ) {
    this.current = snapshot;
  }

  get state(): EventState {
    return this.current;
  }

  /** Replace everything with a fresh snapshot (join, reconnect far behind). */
  reset(snapshot: EventState): void {
    this.current = snapshot;
    for (const seq of this.pending.keys()) if (seq <= snapshot.seq) this.pending.delete(seq);
    this.syncing = false;
    this.drain();
  }

  /** Apply what can be applied in order; `fromSync` marks the answer to a sync request. Returns true when the state changed. */
  receive(entries: readonly Entry[], fromSync = false): boolean {
    const before = this.current;
    for (const entry of entries) if (entry.seq > this.current.seq) this.pending.set(entry.seq, entry);
    if (fromSync) this.syncing = false;
    this.drain();
    return this.current !== before;
  }

  /** Mark a sync request as finished without a usable answer, so the next gap asks again. */
  syncFailed(): void {
    this.syncing = false;
  }

  private drain(): void {
    let next = this.pending.get(this.current.seq + 1);
    while (next) {
      this.pending.delete(next.seq);
      this.current = applyEntry(this.current, next).state;
      next = this.pending.get(this.current.seq + 1);
    }
    if (this.pending.size > 0 && !this.syncing) {
      this.syncing = true;
      this.requestSync(this.current.seq);
    }
  }
}
