/**
 * Balanced order made visible (issue 15.6): speaking time per region, live, as a small bar
 * chart, and each queued person's turns and total time (`SpeakerRecord`). Both read the
 * replicated figures (`floor.regions`, `floor.speakers`); the numbers are text, the bars only
 * draw them.
 */
import { REGION_LIST } from '../../../shared/constants.ts';
import { formatDuration } from '../format.ts';
import { regionName } from '../i18n/labels.ts';
import { floor } from '../store.ts';
import { ts, tsPlural } from './messages.ts';

export function SpeakingBalance() {
  const regions = floor.value?.regions;
  if (!regions) return null;
  const total = REGION_LIST.reduce((sum, r) => sum + regions[r], 0);
  return (
    <figure class="balance" data-testid="speaking-balance">
      <figcaption class="small">{ts('balance.heading')}</figcaption>
      <ul class="balance__bars">
        {REGION_LIST.map((region) => {
          const share = total > 0 ? regions[region] / total : 0;
          return (
            <li key={region} class="balance__row" data-region={region}>
              <span class="balance__name small">{regionName(region)}</span>
              <span class="balance__track" aria-hidden="true">
                <span class="balance__bar" style={{ inlineSize: `${Math.round(share * 100)}%` }} />
              </span>
              <span class="balance__value small">
                {formatDuration(regions[region])} · {Math.round(share * 100)} %
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** "2 turns, 3:10" or "has not spoken yet", for a queued person. */
export function SpeakerRecord({ personId }: { personId: string }) {
  const stats = floor.value?.speakers[personId];
  return (
    <span class="small" data-testid="speaker-record">
      {stats && stats.turns > 0
        ? tsPlural(stats.turns, 'balance.turns.one', 'balance.turns.other', { time: formatDuration(stats.spokenMs) })
        : ts('balance.notYet')}
    </span>
  );
}
