/**
 * The console's part of the questions (QA7): "Moderate questions", and the questions waiting for
 * approval, oldest first, with who asked (marked anonymous when so, QA8), Approve and Dismiss.
 * In the console's chunk: participants never download it.
 */
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { Asker, DismissQuestion, short } from '../contributions/QuestionsPanel.tsx';
import { pendingQuestions, questions } from '../contributions/state.ts';
import { plural, t } from '../i18n/index.ts';

/** "Moderate questions" (QA7): below the open questions, so that it moves nothing the panel needs on the first screen. */
export function ModerationSwitch() {
  const { moderated } = questions.value;
  return (
    <div class="questions__moderation">
      <label class="check">
        <input
          type="checkbox"
          checked={moderated}
          onChange={(e) => {
            const wanted = e.currentTarget.checked;
            void sendCommand({ type: 'questions.moderate', payload: { moderated: wanted } });
          }}
        />
        <span>{t('questions.moderate')}</span>
      </label>
    </div>
  );
}

/** The questions waiting for approval, oldest first (QA7): above the open ones, as they wait on the moderator. */
export function PendingQuestions() {
  const pending = pendingQuestions.value;
  if (pending.length === 0) return null;
  return (
    <section class="questions__moderation" aria-labelledby="questions-pending-heading" data-testid="questions-pending">
      <h3 id="questions-pending-heading">{plural(pending.length, 'questions.pending.one', 'questions.pending.other')}</h3>
      <ol class="plain-list question-list">
        {pending.map((q) => (
          <li key={q.id} class="question question--pending" data-question-id={q.id}>
            <div class="question__body">
              <p class="question__text">
                <UserText>{q.text}</UserText>
              </p>
              <p class="muted small">
                <Asker q={q} />
              </p>
              <div class="question__mod">
                <button
                  type="button"
                  class="chip-button chip-button--strong"
                  aria-label={t('questions.approveLabel', { text: short(q.text) })}
                  onClick={() => void sendCommand({ type: 'questions.approve', payload: { questionId: q.id } })}
                >
                  {t('questions.approve')}
                </button>
                <DismissQuestion q={q} />
              </div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
