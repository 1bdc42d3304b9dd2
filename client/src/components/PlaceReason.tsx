/**
 * Why balanced order placed a hand where it is (Q11), in its own chunk: only a balanced queue
 * downloads it (the participant's first paint stays within its budget).
 */
import { computed } from '@preact/signals';
import { placeReasons } from '../../../shared/placeReasons.ts';
import { t } from '../i18n/index.ts';
import { eventState } from '../store.ts';

/** One pass per state, shared by every row of every view. */
const reasons = computed(() => (eventState.value ? placeReasons(eventState.value) : []));

export function PlaceReason({ index }: { index: number }) {
  const reason = reasons.value[index];
  if (!reason) return null;
  const why = reason.because === 'notSpoken' ? t('queue.why.notSpoken') : t('queue.why.region');
  return (
    <span class="small muted" data-testid="place-reason">
      {reason.moved === 'ahead' ? t('queue.moved.ahead', { why }) : t('queue.moved.behind', { why })}
    </span>
  );
}
