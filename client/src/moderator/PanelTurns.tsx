/** In a panel segment: each panelist's allocation and time spoken, and their turn at a click. */

import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatDuration } from '../format.ts';
import { t } from '../i18n/index.ts';
import { currentSegment, floor, roster } from '../store.ts';

export function PanelTurns() {
  const segment = currentSegment.value;
  if (segment?.kind !== 'panel' || segment.panel.length === 0) return null;
  const speaking = floor.value?.current?.person.id;
  const names = new Map(roster.value.map((p) => [p.id, p]));
  // Next: the first panelist in order who has not spoken yet, else the one who spoke least.
  const waiting = segment.panel.filter((p) => p.personId !== speaking);
  const next = waiting.find((p) => p.turns === 0) ?? [...waiting].sort((a, b) => a.spokenMs - b.spokenMs)[0];
  return (
    <div class="panel-turns">
      <h3>{t('panel.heading')}</h3>
      <ul class="panel-turns__list">
        {segment.panel.map((slot) => {
          const person = names.get(slot.personId);
          const over = slot.spokenMs > slot.allocationMs;
          return (
            <li key={slot.personId} class={slot.personId === speaking ? 'panel-turns__item panel-turns__item--speaking' : 'panel-turns__item'}>
              <span class="panel-turns__name">
                <UserText>{person?.name ?? slot.personId}</UserText>
                {slot.personId === next?.personId && <span class="badge">{t('panel.next')}</span>}
              </span>
              <span class={`panel-turns__time${over ? ' over' : ''}`}>
                {formatDuration(slot.spokenMs)} / {formatDuration(slot.allocationMs)}
                {over && <span class="sr-only"> {t('timer.over')}</span>}
              </span>
              {slot.personId === speaking ? (
                <span class="badge badge--live">{t('panel.speaking')}</span>
              ) : (
                <button
                  type="button"
                  class="chip-button"
                  onClick={() => void sendCommand({ type: 'floor.give', payload: { personId: slot.personId } })}
                  aria-label={t('panel.giveTo', { name: person?.name ?? slot.personId })}
                >
                  {t('floor.give')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
