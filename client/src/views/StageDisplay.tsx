/**
 * The stage: for a projector or a livestream browser source. Read-only and large: the
 * segment, who speaks and from where, their clock, who is next, and the reactions. With
 * `?overlay=1` the background is transparent and the content sits in a lower third.
 */

import { UNNAMED } from '../../../shared/public.ts';
import type { PersonRef } from '../../../shared/state.ts';
import { AnnouncementBanner } from '../components/AnnouncementBanner.tsx';
import { turnKindLabel } from '../components/NowSpeaking.tsx';
import { origin } from '../components/PersonLine.tsx';
import { SegmentTimer, SpeakerTimer } from '../components/SpeakerTimer.tsx';
import { UserText } from '../components/UserText.tsx';
import { StageOnScreen } from '../contributions/index.ts';
import { formatTimeOfDay } from '../format.ts';
import { t } from '../i18n/index.ts';
import { regionName } from '../i18n/labels.ts';
import { emojiOf, REACTIONS, recentCounts } from '../reactions.ts';
import { currentSegment, eventState, floor, locale, queue } from '../store.ts';

const NEXT_SHOWN = 3;

/**
 * The node sends the stage only what the public may see (S17, O2): "A participant" for whoever
 * did not agree to be named there, and no community or country for a group smaller than k.
 */
function shownName(person: PersonRef): string {
  return person.name === UNNAMED ? t('stage.unnamed') : person.name;
}

/** Community and country where the public may see them, else the region. */
function shownOrigin(person: PersonRef): string {
  return origin(person) || regionName(person.region);
}

function ReactionCounts() {
  const counts = recentCounts.value;
  const shown = REACTIONS.filter((r) => (counts[r.kind] ?? 0) > 0);
  if (shown.length === 0) return null;
  return (
    <ul class="stage__reactions" aria-label={t('reaction.group')}>
      {shown.map((r) => (
        <li key={r.kind}>
          <span aria-hidden="true">{emojiOf(r.kind)}</span>
          <span class="sr-only">{t(r.label)}</span> {counts[r.kind]}
        </li>
      ))}
    </ul>
  );
}

export function StageDisplay({ overlay }: { overlay: boolean }) {
  const state = eventState.value;
  if (!state) return null;
  const segment = currentSegment.value;
  const turn = floor.value?.current ?? null;
  const next = (queue.value?.hands ?? []).slice(0, NEXT_SHOWN);

  if (state.status !== 'live') {
    return (
      <main class={`stage${overlay ? ' stage--overlay' : ''}`} data-view="stage">
        <div class="stage__idle">
          <AnnouncementBanner place="stage" />
          <h1 class="stage__event">
            <UserText>{state.title}</UserText>
          </h1>
          <p class="stage__big">
            {state.status === 'ended'
              ? t('stage.ended')
              : state.scheduledStartAt
                ? t('schedule.startsAt', { time: formatTimeOfDay(state.scheduledStartAt, locale.value) })
                : t('stage.startingSoon')}
          </p>
        </div>
      </main>
    );
  }

  return (
    <main class={`stage${overlay ? ' stage--overlay' : ''}${state.announcement ? ' stage--announcing' : ''}`} data-view="stage">
      <AnnouncementBanner place="stage" />
      <header class="stage__top">
        <div>
          {!overlay && (
            <p class="stage__event">
              <UserText>{state.title}</UserText>
            </p>
          )}
          {segment && (
            <h1 class="stage__segment">
              <UserText>{segment.title}</UserText>
            </h1>
          )}
          {segment?.format && !overlay && (
            <p class="stage__format">
              <UserText>{segment.format}</UserText>
            </p>
          )}
        </div>
        {segment && <SegmentTimer segment={segment} size={overlay ? 'small' : 'medium'} />}
      </header>
      <section class="stage__floor" aria-live="polite">
        {turn ? (
          <>
            <div class="stage__speaker">
              <p class="stage__name">
                <UserText>{shownName(turn.person)}</UserText>
              </p>
              <p class="stage__origin">
                <UserText>{shownOrigin(turn.person)}</UserText>
                {turnKindLabel(turn) && <span class="badge badge--stage">{turnKindLabel(turn)}</span>}
              </p>
              {turn.topic && (
                <p class="stage__topic">
                  “<UserText>{turn.topic}</UserText>”
                </p>
              )}
            </div>
            <SpeakerTimer turn={turn} size={overlay ? 'large' : 'huge'} />
          </>
        ) : (
          <p class="stage__name stage__name--empty">{t('stage.floorOpen')}</p>
        )}
      </section>
      <StageOnScreen />
      <footer class="stage__bottom">
        {next.length > 0 && (
          <div class="stage__next">
            <h2>{t('stage.nextUp')}</h2>
            <ol>
              {next.map((h) => (
                <li key={`${h.person.id}:${h.kind}`}>
                  <strong>
                    <UserText>{shownName(h.person)}</UserText>
                  </strong>
                  <span>
                    {' '}
                    · <UserText>{shownOrigin(h.person)}</UserText>
                  </span>
                  {h.kind === 'pointOfOrder' && <span class="badge badge--stage">{t('queue.kind.pointOfOrder')}</span>}
                </li>
              ))}
            </ol>
          </div>
        )}
        <ReactionCounts />
      </footer>
    </main>
  );
}
