/**
 * Questions for the panel: ask and upvote during the panel, sorted by votes live; the
 * moderator puts one on screen, marks it answered (with the panelist) or dismisses it. While
 * questions are moderated the moderator approves or dismisses each new one first (QA7); a
 * question asked anonymously names its asker to moderators only (QA8).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import type { Question } from '../../../shared/state.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { plural, t } from '../i18n/index.ts';
import { currentSegment, role, roster, self, showToast } from '../store.ts';
import { creditedPanelist, inPanel, openQuestions, pendingQuestions, questions } from './state.ts';

/** A question's first 50 characters, to name it in a button's label. */
export const short = (text: string) => (text.length > 50 ? `${text.slice(0, 50)}…` : text);

/**
 * The most used action first: who answered and "Answered" on one line, the label's "follows the
 * floor" beneath it, then the screen and dismissal, so the top question's controls stay above the
 * fold at 1440×900 in a seven-panelist panel (issue 15.5).
 */
function ModeratorActions({ q }: { q: Question }) {
  const segment = currentSegment.value;
  const panelistIds = segment?.panel.map((p) => p.personId) ?? [];
  const panelists = roster.value.filter((p) => panelistIds.includes(p.id));
  // Until the moderator picks someone, the choice follows the floor (issue 15.4).
  const [picked, setPicked] = useState<string | null>(null);
  const following = creditedPanelist.value;
  const panelist = picked ?? following ?? '';
  const onScreen = questions.value.onScreen === q.id;
  return (
    <div class="question__mod">
      <form
        class="inline-form inline-form--tight"
        onSubmit={(e) => {
          e.preventDefault();
          void sendCommand({ type: 'questions.answer', payload: panelist ? { questionId: q.id, panelistId: panelist } : { questionId: q.id } });
        }}
      >
        <label class="select-inline">
          <span class="question__credit">
            {t('questions.answeredBy')}
            {picked === null && following !== null && <span class="muted small"> ({t('questions.followsFloor')})</span>}
          </span>
          <select value={panelist} onChange={(e) => setPicked(e.currentTarget.value)}>
            <option value="">{t('questions.noPanelist')}</option>
            {panelists.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="chip-button chip-button--strong" aria-label={t('questions.markAnsweredLabel', { text: short(q.text) })}>
          {t('questions.markAnswered')}
        </button>
      </form>
      {onScreen ? (
        <button type="button" class="chip-button" onClick={() => void sendCommand({ type: 'questions.show', payload: { questionId: null } })}>
          {t('questions.clearScreen')}
        </button>
      ) : (
        <button
          type="button"
          class="chip-button"
          aria-label={t('questions.showLabel', { text: short(q.text) })}
          onClick={() => void sendCommand({ type: 'questions.show', payload: { questionId: q.id } })}
        >
          {t('questions.show')}
        </button>
      )}
      <DismissQuestion q={q} />
    </div>
  );
}

/** "Dismiss": an open question closes unanswered (QA6); a held one is declined (QA7). */
export function DismissQuestion({ q }: { q: Question }) {
  return (
    <button
      type="button"
      class="link-button"
      aria-label={t('questions.dismissLabel', { text: short(q.text) })}
      onClick={() => void sendCommand({ type: 'questions.dismiss', payload: { questionId: q.id } })}
    >
      {t('questions.dismiss')}
    </button>
  );
}

/** Who asked, as a moderator sees it: the name, marked anonymous when the asker asked so (QA8). */
export function Asker({ q }: { q: Question }) {
  return (
    <span class="question__asker">
      {t('questions.askedBy', { name: q.author.name })}
      {q.anonymous && <span class="badge badge--role">{t('questions.anonymous')}</span>}
    </span>
  );
}

/** The asker's own questions that wait for approval, or that a moderator declined (QA7). */
function OwnHeld() {
  const me = self.value;
  const own = questions.value.items.filter((q) => q.author.id === me?.id && (q.status === 'pending' || q.status === 'declined'));
  if (own.length === 0) return null;
  return (
    <ul class="plain-list question-list" data-testid="questions-own-held">
      {own.map((q) => (
        <li key={q.id} class="question question--pending" data-question-id={q.id}>
          <div class="question__body">
            <p class="question__text">
              <UserText>{q.text}</UserText>
            </p>
            <p class="muted small">
              {q.status === 'pending' ? t('questions.waiting') : t('questions.declined')}
              {q.anonymous && <span class="badge badge--role">{t('questions.anonymous')}</span>}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

function QuestionItem({ q, moderate }: { q: Question; moderate: boolean }) {
  const me = self.value;
  const mine = q.author.id === me?.id;
  const voted = !!me && q.voters.includes(me.id);
  const r = role.value;
  const canVote = !!r && canSend(r, 'questions.upvote') && !mine;
  const onScreen = questions.value.onScreen === q.id;
  return (
    <li class={`question${onScreen ? ' question--on-screen' : ''}`} data-question-id={q.id}>
      <button
        type="button"
        class="question__vote chip-button"
        aria-pressed={voted}
        disabled={!canVote || voted}
        aria-label={voted ? t('questions.upvotedLabel', { text: short(q.text) }) : t('questions.upvoteLabel', { text: short(q.text) })}
        onClick={() => void sendCommand({ type: 'questions.upvote', payload: { questionId: q.id } })}
      >
        <span aria-hidden="true">▲</span> {q.votes}
      </button>
      <div class="question__body">
        <p class="question__text">
          <UserText>{q.text}</UserText>
        </p>
        <p class="muted small">
          {plural(q.votes, 'questions.votes.one', 'questions.votes.other')}
          {moderate ? (
            <>
              {' · '}
              <Asker q={q} />
            </>
          ) : (
            q.anonymous && <span class="badge badge--role">{t('questions.anonymous')}</span>
          )}
          {mine && <span class="badge badge--you">{t('questions.yours')}</span>}
          {onScreen && <span class="badge badge--live">{t('questions.onScreen')}</span>}
        </p>
        {moderate && <ModeratorActions q={q} />}
      </div>
    </li>
  );
}

/** The console's parts of the panel (QA7), which participants never download: the held questions, above the open ones, and the switch, below. */
export interface QuestionModerationParts {
  pending: JSX.Element;
  toggle: JSX.Element;
}

/** The panel; the console passes its moderation parts. */
export function QuestionsPanel({ moderation }: { moderation?: QuestionModerationParts } = {}) {
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const moderate = role.value === 'moderator';
  const list = openQuestions.value;
  const answered = questions.value.items.filter((q) => q.status === 'answered').length;
  const r = role.value;
  // Moderators run the questions; they do not ask them from the console.
  const canAsk = !!r && r !== 'moderator' && canSend(r, 'questions.ask');
  if (!inPanel.value && list.length === 0 && !(moderate && pendingQuestions.value.length > 0)) return null;
  return (
    <section class="card questions" aria-labelledby="questions-heading" data-testid="questions-panel">
      <div class="card__head">
        <h2 id="questions-heading">{t('questions.heading')}</h2>
        {answered > 0 && <span class="muted small">{plural(answered, 'questions.answeredCount.one', 'questions.answeredCount.other')}</span>}
      </div>
      {canAsk &&
        (inPanel.value ? (
          <form
            class="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              const held = questions.value.moderated;
              const ack = await sendCommand({ type: 'questions.ask', payload: anonymous ? { text: text.trim(), anonymous: true } : { text: text.trim() } });
              if (ack.ok) {
                setText('');
                showToast({ tone: 'info', title: t(held ? 'questions.waiting' : 'questions.asked') }, 3000);
              }
            }}
          >
            <label class="field">
              <span>{t('questions.ask')}</span>
              <input type="text" required maxLength={LIMITS.question} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </label>
            <label class="check">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
              <span>{t('questions.askAnonymously')}</span>
            </label>
            <button type="submit" class="button button--primary">
              {t('questions.send')}
            </button>
          </form>
        ) : (
          <p class="muted small">{t('questions.onlyPanel')}</p>
        ))}
      {moderate && moderation?.pending}
      {!moderate && <OwnHeld />}
      {list.length === 0 ? (
        <p class="muted small">{t('questions.empty')}</p>
      ) : (
        <ol class="plain-list question-list">
          {list.map((q) => (
            <QuestionItem key={q.id} q={q} moderate={moderate} />
          ))}
        </ol>
      )}
      {moderate && moderation?.toggle}
    </section>
  );
}
