/** A REST call that failed, as a toast: the code's own words when the server sent one (WD1), never its English message. */
import { ApiError } from './api.ts';
import { describeRefusal, type RefusalWords, t } from './i18n/index.ts';
import { showToast } from './store.ts';

export function reportFailure(title: string, err: unknown): void {
  showToast({ tone: 'error', ...failureWords(title, err) }, 9000);
}

/** What a failed REST call says: the refusal's code in the reader's words, "offline" when nothing answered, else the caller's title. */
export function failureWords(title: string, err: unknown): RefusalWords {
  if (!(err instanceof ApiError)) return { title };
  return err.code === 'network' ? { title, detail: t('error.offline') } : describeRefusal(err);
}
