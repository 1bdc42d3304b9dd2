/** S16: "You are signed in as X. Continue as Y?", asked before a link replaces who this browser is. */
import { t } from '../i18n/index.ts';
import { answerLink, type LinkQuestion } from '../linkSwitch.ts';
import { withNames } from './UserText.tsx';

export function SwitchPerson({ question }: { question: LinkQuestion }) {
  const { current, offered } = question;
  return (
    <main class="page page--narrow" id="main">
      <section class="card" aria-labelledby="switch-heading" data-testid="switch-person">
        <h1 id="switch-heading">{t('link.heading')}</h1>
        <p>{withNames(t('link.question'), { current: current.name, offered: offered.name })}</p>
        <div class="dialog__actions">
          <button type="button" class="button" data-answer="keep" onClick={() => answerLink(question, 'keep')}>
            {withNames(t('link.keep'), { name: current.name })}
          </button>
          <button type="button" class="button button--secondary" data-answer="switch" onClick={() => answerLink(question, 'switch')}>
            {withNames(t('link.switch'), { name: offered.name })}
          </button>
        </div>
      </section>
    </main>
  );
}
