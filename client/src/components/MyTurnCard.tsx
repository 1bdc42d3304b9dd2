/** "You have the floor": unmistakable, with the person's own countdown, allotment and "Yield the floor". */

import { turnClock } from '../../../shared/time.ts';
import { sendCommand } from '../connection.ts';
import { formatDuration } from '../format.ts';
import { plural, t } from '../i18n/index.ts';
import { currentSegment, floor, myTurn, self, serverNow } from '../store.ts';
import { SpeakerTimer } from './SpeakerTimer.tsx';

export function MyTurnCard({ size = 'large' }: { size?: 'large' | 'huge' }) {
  const turn = myTurn.value;
  if (!turn) return null;
  return (
    <section class="card my-turn" aria-labelledby="my-turn-heading" data-testid="my-turn">
      <h2 id="my-turn-heading" class="my-turn__heading" tabIndex={-1}>
        <span aria-hidden="true">🎙</span> {t('floor.youHaveTheFloor')}
      </h2>
      <SpeakerTimer turn={turn} size={size} />
      <p class="my-turn__allotted">
        {t('floor.allotted', { duration: formatDuration(turn.allottedMs) })} ·{' '}
        {t('floor.spoken', { duration: formatDuration(turnClock(turn, serverNow.value).elapsedMs) })}
      </p>
      <button type="button" class="button button--primary button--big" onClick={() => void sendCommand({ type: 'floor.end', payload: {} })}>
        {t('floor.yield')}
      </button>
    </section>
  );
}

/** A speaker's own record: allotted and spoken time, in the panel or overall. */
export function MySpeakingTime() {
  const me = self.value;
  const segment = currentSegment.value;
  const stats = me ? floor.value?.speakers[me.id] : undefined;
  if (!me) return null;
  const slot = segment?.panel.find((p) => p.personId === me.id);
  return (
    <section class="card" aria-labelledby="my-time-heading">
      <h2 id="my-time-heading">{t('speaker.yourTime')}</h2>
      <dl class="facts">
        {slot && (
          <>
            <dt>{t('speaker.panelAllotted')}</dt>
            <dd>{formatDuration(slot.allocationMs)}</dd>
            <dt>{t('speaker.panelSpoken')}</dt>
            <dd>{formatDuration(slot.spokenMs)}</dd>
          </>
        )}
        {!slot && segment && (
          <>
            <dt>{t('speaker.perTurn')}</dt>
            <dd>{formatDuration(segment.speakingLimitMs)}</dd>
          </>
        )}
        <dt>{t('speaker.spokenTotal')}</dt>
        <dd>
          {formatDuration(stats?.spokenMs ?? 0)} · {plural(stats?.turns ?? 0, 'speaker.turns.one', 'speaker.turns.other')}
        </dd>
      </dl>
    </section>
  );
}
