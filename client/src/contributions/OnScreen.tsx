/**
 * The question the moderator put on screen, shown on every view while it is there (the stage
 * display shows it, and the proposal on screen, its own way: views/StageDisplay.tsx).
 */

import { UserText } from '../components/UserText.tsx';
import { t } from '../i18n/index.ts';
import { questionOnScreen } from './state.ts';

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
