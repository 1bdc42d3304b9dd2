/**
 * On a phone, the current segment and, while someone speaks, who and their clock, kept at the
 * top of the screen as the person scrolls to the chat (issue 16.5). Wider screens keep the
 * floor card in view beside the chat, so the bar is hidden there (styles.css).
 */
import { turnClock } from '../../../shared/time.ts';
import { clockText, timerTone } from '../format.ts';
import { t } from '../i18n/index.ts';
import { currentSegment, floor, serverNow, status } from '../store.ts';
import { clockSignal } from './SpeakerTimer.tsx';
import { UserText } from './UserText.tsx';

export function NowBar() {
  const segment = currentSegment.value;
  if (status.value !== 'live' || !segment) return null;
  const turn = floor.value?.current ?? null;
  const reading = turn ? turnClock(turn, serverNow.value) : null;
  return (
    <div class="now-bar" data-testid="now-bar">
      <span class="now-bar__segment">
        <UserText>{segment.title}</UserText>
      </span>
      {turn && reading && (
        <span class="now-bar__turn">
          <span class="now-bar__name">
            <UserText>{turn.person.name}</UserText>
          </span>{' '}
          <span
            class={`now-bar__clock timer--${timerTone(reading)}`}
            role="timer"
            aria-label={`${t('timer.turnLabel')}: ${clockText(reading)}, ${clockSignal(reading).word}`}
            data-tone={timerTone(reading)}
          >
            {/* Not colour alone (WD34): the state's icon, as on the big clock. */}
            {clockText(reading)} <span aria-hidden="true">{clockSignal(reading).icon}</span>
          </span>
        </span>
      )}
    </div>
  );
}
