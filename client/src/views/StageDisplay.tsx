/**
 * The stage: for a projector or a livestream browser source. Read-only and large, and one
 * screen that never scrolls: the segment, who speaks and from where with their clock, the
 * panel order during a panel, what the moderator put on screen, who is next and the reactions.
 * Type is sized by the screen's height, so 1280×720 and 1920×1080 show the same layout, and a
 * long text ends in "…" rather than pushing the rest off the screen. With `?overlay=1` the
 * background is transparent and the content sits in a lower third.
 */

import { nextPanelist } from '../../../shared/panel.ts';
import { UNNAMED } from '../../../shared/public.ts';
import type { PersonRef, Proposal, Turn } from '../../../shared/state.ts';
import { AnnouncementBanner } from '../components/AnnouncementBanner.tsx';
import { turnKindLabel } from '../components/NowSpeaking.tsx';
import { origin } from '../components/PersonLine.tsx';
import { SegmentTimer, SpeakerTimer } from '../components/SpeakerTimer.tsx';
import { UserText } from '../components/UserText.tsx';
import { proposalOnScreen, questionOnScreen } from '../contributions/state.ts';
import { Tally } from '../contributions/VotePanel.tsx';
import { formatTimeOfDay } from '../format.ts';
import { t } from '../i18n/index.ts';
import { answerLabel, regionName, resultLabel } from '../i18n/labels.ts';
import { emojiOf, REACTIONS, recentCounts } from '../reactions.ts';
import { currentSegment, eventState, floor, locale, queue, roster } from '../store.ts';
import './StageDisplay.css';
import { VOTE_ANSWER_LIST } from '../../../shared/constants.ts';

const NEXT_SHOWN = 3;
/** A panel longer than this shows a window of its order around who speaks or is next. */
const PANEL_SHOWN = 8;
/** Longer texts get a smaller size (and more lines) before they are cut with "…". */
const LONG_TEXT = 180;

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

function lengthClass(base: string, text: string): string {
  return text.length > LONG_TEXT ? `${base} ${base}--long` : base;
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

/** Who holds the floor: large when nothing else is on screen, one line above a question or a proposal. */
function FloorNow({ turn, compact, overlay }: { turn: Turn | null; compact: boolean; overlay: boolean }) {
  if (!turn) {
    return (
      <section class="stage__floor stage__floor--open" aria-live="polite" data-testid="stage-floor">
        <p class="stage__open">{t('stage.floorOpen')}</p>
      </section>
    );
  }
  const kind = turnKindLabel(turn);
  return (
    <section class={`stage__floor${compact ? ' stage__floor--compact' : ''}`} aria-live="polite" data-testid="stage-floor">
      <div class="stage__speaker">
        <p class="stage__name">
          <UserText>{shownName(turn.person)}</UserText>
        </p>
        <p class="stage__origin">
          <span class="stage__origin-text">
            <UserText>{shownOrigin(turn.person)}</UserText>
          </span>
          {kind && <span class="badge badge--stage">{kind}</span>}
        </p>
        {turn.topic && !compact && (
          <p class="stage__topic">
            “<UserText>{turn.topic}</UserText>”
          </p>
        )}
      </div>
      <SpeakerTimer turn={turn} size={compact ? 'medium' : overlay ? 'large' : 'huge'} />
    </section>
  );
}

/** The panel order (P5): who spoke, who speaks now, who the order calls next. */
function PanelOrder() {
  const state = eventState.value;
  const segment = currentSegment.value;
  if (!state || segment?.kind !== 'panel' || segment.panel.length === 0) return null;
  const speaking = floor.value?.current?.person.id ?? null;
  const next = nextPanelist(state)?.personId ?? null;
  const names = new Map(roster.value.map((p) => [p.id, p.name]));
  const slots = segment.panel.map((slot, index) => ({ ...slot, index }));
  // A long panel shows a window that keeps the one speaking (else the next) in view.
  const focus = Math.max(
    0,
    slots.findIndex((s) => s.personId === (speaking ?? next)),
  );
  const start = Math.max(0, Math.min(focus - 2, slots.length - PANEL_SHOWN));
  const shown = slots.slice(start, start + PANEL_SHOWN);
  return (
    <aside class="stage__panel" aria-labelledby="stage-panel-heading" data-testid="stage-panel">
      <h2 id="stage-panel-heading" class="stage__label">
        {t('stage.panelOrder')}
      </h2>
      <ol class="stage__panel-list">
        {shown.map((slot) => {
          const status = slot.personId === speaking ? 'speaking' : slot.personId === next ? 'next' : slot.turns > 0 ? 'spoke' : 'waiting';
          return (
            <li key={slot.personId} class={`stage__panelist stage__panelist--${status}`} data-status={status}>
              <span class="stage__panelist-pos" aria-hidden="true">
                {slot.index + 1}.
              </span>
              <span class="stage__panelist-name">
                <UserText>{names.get(slot.personId) ?? slot.personId}</UserText>
              </span>
              {status !== 'waiting' && (
                <span class="stage__panelist-status">
                  {status === 'spoke' && <span aria-hidden="true">✓ </span>}
                  {t(`stage.panel.${status}`)}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}

/** The counts on one line, once the vote is over and the decision is what matters. */
function TallyLine({ proposal }: { proposal: Proposal }) {
  return (
    <p class="stage__tally-line" data-testid="stage-tally">
      {VOTE_ANSWER_LIST.map((a, i) => (
        <span key={a}>
          {i > 0 && ' · '}
          {answerLabel(a)} <strong>{proposal.tally[a]}</strong>
        </span>
      ))}
    </p>
  );
}

function ProposalOnStage({ proposal }: { proposal: Proposal }) {
  const result = proposal.result;
  if (result === 'adopted' || result === 'amended') {
    // The decision is the outcome: its text is the largest thing on the screen.
    const decided = result === 'amended' ? proposal.amendedText : proposal.text;
    return (
      <div class="stage__proposal stage__proposal--decided">
        <h2 class={`stage__result stage__result--${result}`} data-testid="stage-result">
          {resultLabel(result)}
        </h2>
        <p class={lengthClass('stage__decided', decided)} data-testid="stage-decided">
          <UserText>{decided}</UserText>
        </p>
        {result === 'amended' && (
          <p class="stage__original">
            <span class="stage__original-label">{t('stage.originalText')}</span> <UserText>{proposal.text}</UserText>
          </p>
        )}
        <TallyLine proposal={proposal} />
      </div>
    );
  }
  return (
    <div class="stage__proposal">
      <h2 class="stage__label">
        {t('vote.proposal')} · {proposal.status === 'open' ? t('vote.open') : t('vote.closed')}
      </h2>
      <p class={lengthClass('stage__proposal-text', proposal.text)} data-testid="stage-proposal-text">
        <UserText>{proposal.text}</UserText>
      </p>
      {result === 'dropped' && (
        <p class="stage__result stage__result--dropped" data-testid="stage-result">
          {resultLabel(result)}
        </p>
      )}
      <Tally proposal={proposal} large />
    </div>
  );
}

/** What the moderator put on screen: a question for the panel, or a proposal with its tally and result. */
function OnScreen() {
  const q = questionOnScreen.value;
  const p = proposalOnScreen.value;
  if (!q && !p) return null;
  return (
    <section class="stage__on-screen" aria-live="polite" data-testid="stage-on-screen">
      {q && (
        <div class="stage__question">
          <h2 class="stage__label">{t('questions.heading')}</h2>
          <p class={lengthClass('stage__question-text', q.text)} data-testid="stage-question-text">
            “<UserText>{q.text}</UserText>”
          </p>
        </div>
      )}
      {p && <ProposalOnStage proposal={p} />}
    </section>
  );
}

function NextUp() {
  const next = (queue.value?.hands ?? []).slice(0, NEXT_SHOWN);
  if (next.length === 0) return null;
  return (
    <div class="stage__next" data-testid="stage-next">
      <h2 class="stage__label">{t('stage.nextUp')}</h2>
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
  );
}

export function StageDisplay({ overlay }: { overlay: boolean }) {
  const state = eventState.value;
  if (!state) return null;
  const stageClass = `stage${overlay ? ' stage--overlay' : ''}`;

  if (state.status !== 'live') {
    return (
      <main class={`${stageClass} stage--idle`} data-view="stage" data-stage-state={state.status}>
        <AnnouncementBanner place="stage" />
        <div class="stage__idle">
          <h1 class="stage__event-title" data-testid="stage-title">
            <UserText>{state.title}</UserText>
          </h1>
          <p class="stage__big" data-testid="stage-status">
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

  const segment = currentSegment.value;
  const turn = floor.value?.current ?? null;
  const onScreen = questionOnScreen.value !== null || proposalOnScreen.value !== null;
  const panel = segment?.kind === 'panel' && segment.panel.length > 0 && !overlay;
  return (
    <main class={`${stageClass}${onScreen ? ' stage--on-screen' : ''}`} data-view="stage" data-stage-state="live">
      <AnnouncementBanner place="stage" />
      <header class="stage__top" data-testid="stage-top">
        <div class="stage__titles">
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
      <div class={`stage__main${panel ? ' stage__main--panel' : ''}`}>
        <div class="stage__content">
          <FloorNow turn={turn} compact={onScreen} overlay={overlay} />
          <OnScreen />
        </div>
        {panel && <PanelOrder />}
      </div>
      <footer class="stage__bottom">
        <NextUp />
        <ReactionCounts />
      </footer>
    </main>
  );
}
