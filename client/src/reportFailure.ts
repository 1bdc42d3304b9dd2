/** A REST call that failed, as a toast: the code's own words when the server sent one, and its message. */
import { ApiError } from './api.ts';
import { errorTitle } from './i18n/index.ts';
import { showToast } from './store.ts';

export function reportFailure(title: string, err: unknown): void {
  const detail = err instanceof ApiError ? err.message : String(err);
  showToast({ tone: 'error', title: err instanceof ApiError && err.code !== 'network' ? errorTitle(err.code) : title, detail }, 9000);
}
