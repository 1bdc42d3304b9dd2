/** Before the start and after the end, say so plainly; after the end, what happens now (E6). */
import { t } from '../i18n/index.ts';
import { lazy } from '../lazy.tsx';
import { status } from '../store.ts';
import { ScheduleStatus } from './ScheduleStatus.tsx';

const WhatNow = lazy(() => import('./WhatNow.tsx').then((m) => m.WhatNow), { quiet: true });

export function EventStatusNotice() {
  const s = status.value;
  if (s === 'live' || s === null) return null;
  return (
    <section class={`card status-notice status-notice--${s}`} role="status" data-testid="status-notice">
      <h2>{s === 'ended' ? t('status.endedLong') : t('status.notStartedLong')}</h2>
      <ScheduleStatus />
      {s === 'ended' && <WhatNow />}
    </section>
  );
}
