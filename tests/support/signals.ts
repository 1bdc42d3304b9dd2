/** Waiting on the browser's signals (client/src/store.ts) in tests that run the client's connection. */
import type { ReadonlySignal } from '@preact/signals';

/** Resolves once `signal` holds a value that passes `test` (at once if it already does). */
export function when<T>(signal: ReadonlySignal<T>, test: (value: T) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = signal.subscribe((value) => {
      if (!test(value)) return;
      queueMicrotask(() => stop());
      resolve();
    });
  });
}
