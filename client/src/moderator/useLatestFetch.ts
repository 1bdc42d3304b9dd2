/**
 * A staff list from the REST API (the lobby, the flags, the blocked networks), fetched again
 * whenever what it depends on changes. Counts can change faster than pages come back: only
 * the answer to the latest request is shown, and a failure of an earlier one is not reported.
 */
import { useRef, useState } from 'preact/hooks';
import { reportFailure } from '../reportFailure.ts';
import { session } from '../store.ts';

export interface LatestFetch<T> {
  /** The latest answer, null until one came. */
  value: T | null;
  /** Ask again: an answer to an earlier request that comes later is dropped. */
  reload(): void;
  /** Show `value`, known without asking, and drop any answer still on its way. */
  settle(value: T): void;
  /** Change what is shown (a step the server already took), keeping the request in flight. */
  update(change: (value: T | null) => T | null): void;
}

export function useLatestFetch<T>(load: (eventId: string, token: string) => Promise<T>, failure: () => string): LatestFetch<T> {
  const [value, setValue] = useState<T | null>(null);
  const latest = useRef(0);
  return {
    value,
    reload() {
      const s = session.peek();
      if (!s) return;
      const request = ++latest.current;
      load(s.eventId, s.token).then(
        (next) => request === latest.current && setValue(next),
        (err: unknown) => request === latest.current && reportFailure(failure(), err),
      );
    },
    settle(next) {
      latest.current++;
      setValue(next);
    },
    update: setValue,
  };
}
