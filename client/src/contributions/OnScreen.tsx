/**
 * What the moderator put on screen — a question for the panel, a proposal with its live
 * tally — shown on every view while it is there, and large on the stage display.
 */

import { UserText } from '../components/UserText.tsx';
import { t } from '../i18n/index.ts';
import { proposalOnScreen, questionOnScreen } from './state.ts';
import { ProposalResultLine, Tally } from './VotePanel.tsx';

/** The question on screen, for participants' and speakers' views. */
export function QuestionOnScreen() {
  const q = questionOnScreen.value;
  if (!q) return null;
  return (
    <section class="card on-screen" aria-labelledby="on-screen-q" data-testid="question-on-screen">
      <h2 id="on-screen-q" class="on-screen__label">
        {t('questions.heading')}
      </h2>
      <p class="on-screen__text" aria-live="polite">
        “<UserText>{q.text}</UserText>”
      </p>
    </section>
  );
}

/** The stage display's version: the question, or the proposal with its tally, large. */
export function StageOnScreen() {
  const q = questionOnScreen.value;
  const p = proposalOnScreen.value;
  if (!q && !p) return null;
  return (
    <section class="stage__on-screen" aria-live="polite" data-testid="stage-on-screen">
      {q && (
        <div class="stage__question">
          <h2>{t('questions.heading')}</h2>
          <p class="stage__big">
            “<UserText>{q.text}</UserText>”
          </p>
        </div>
      )}
      {p && (
        <div class="stage__proposal">
          <h2>{t('vote.proposal')}</h2>
          <p class="stage__big">
            <UserText>{p.text}</UserText>
          </p>
          <Tally proposal={p} large />
          {p.status === 'closed' && <ProposalResultLine proposal={p} />}
        </div>
      )}
    </section>
  );
}
