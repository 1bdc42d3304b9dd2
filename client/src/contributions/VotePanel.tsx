/**
 * The way forward: the proposal on screen with agree / disagree / abstain, the live tally (or,
 * while it is hidden, when it comes: V8) and the turnout (V9). The moderator's list of proposals
 * is in ProposalsManager.tsx, in the console's chunk.
 */
import { VOTE_ANSWER_LIST } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import { answers, resultsHidden, turnout } from '../../../shared/reducer/proposals.ts';
import type { Proposal } from '../../../shared/state.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatPercent } from '../format.ts';
import { plural, t } from '../i18n/index.ts';
import { answerLabel, resultLabel } from '../i18n/labels.ts';
import { locale, role } from '../store.ts';
import { myAnswer, onlineVoters, proposalOnScreen } from './state.ts';

/** "23 of 41 online have answered" while a vote is open (V9); "2 answers" once it has closed. */
export function Turnout({ proposal }: { proposal: Proposal }) {
  const n = answers(proposal);
  if (proposal.status !== 'open') return <p class="muted small">{plural(n, 'vote.answers.one', 'vote.answers.other')}</p>;
  const online = onlineVoters.value;
  return (
    <p class="turnout" data-testid="turnout" aria-live="polite">
      {online === null ? plural(n, 'vote.answered.one', 'vote.answered.other') : plural(n, 'vote.turnout.one', 'vote.turnout.other', { online })}
    </p>
  );
}

/**
 * The tally as bars; the numbers are text, the bars only decoration. While the results are
 * hidden (V8) nobody holds them: a line says when they come instead.
 */
export function Tally({ proposal, large = false }: { proposal: Proposal; large?: boolean }) {
  if (resultsHidden(proposal))
    return (
      <div class={`tally${large ? ' tally--large' : ''}`} data-testid="tally">
        <p class="tally__hidden" data-testid="results-hidden">
          {t('vote.resultsHidden')}
        </p>
        <Turnout proposal={proposal} />
      </div>
    );
  const total = turnout(proposal.tally);
  return (
    <div class={`tally${large ? ' tally--large' : ''}`} data-testid="tally">
      <ul class="plain-list">
        {VOTE_ANSWER_LIST.map((a) => {
          const n = proposal.tally[a];
          const share = total ? Math.round((100 * n) / total) : 0;
          return (
            <li key={a} class={`tally__row tally__row--${a}`}>
              <span class="tally__label">{answerLabel(a)}</span>
              <span class="tally__bar" aria-hidden="true">
                <span style={{ inlineSize: `${share}%` }} />
              </span>
              <span class="tally__count">
                {n} <span class="muted small">({formatPercent(share, locale.value)})</span>
              </span>
            </li>
          );
        })}
      </ul>
      <Turnout proposal={proposal} />
    </div>
  );
}

/** The result line of a decided proposal. */
export function ProposalResultLine({ proposal }: { proposal: Proposal }) {
  if (!proposal.result) return <p class="muted">{proposal.status === 'open' ? t('vote.open') : t('vote.closed')}</p>;
  return (
    <p class={`proposal__result proposal__result--${proposal.result}`}>
      <strong>{resultLabel(proposal.result)}</strong>
      {proposal.result === 'amended' && <span> — {t('vote.asAmended', { text: proposal.amendedText })}</span>}
    </p>
  );
}

function Ballot({ proposal }: { proposal: Proposal }) {
  const mine = myAnswer.value;
  const r = role.value;
  if (!r || !canSend(r, 'proposals.vote') || proposal.status !== 'open') return null;
  return (
    <fieldset class="ballot">
      <legend>{t('vote.answerLegend')}</legend>
      <div class="button-row">
        {VOTE_ANSWER_LIST.map((a) => (
          <button
            key={a}
            type="button"
            class={`button ballot__answer ballot__answer--${a}`}
            aria-pressed={mine === a}
            // The answer already given again would be refused (V7): nothing to send.
            onClick={() => mine !== a && void sendCommand({ type: 'proposals.vote', payload: { proposalId: proposal.id, answer: a } })}
          >
            {answerLabel(a)}
          </button>
        ))}
      </div>
      <p class="small" aria-live="polite">
        {mine ? t('vote.yourAnswer', { answer: answerLabel(mine) }) : t('vote.noAnswer')}
      </p>
    </fieldset>
  );
}

/** What everyone sees while a proposal is on screen. */
export function VotePanel() {
  const proposal = proposalOnScreen.value;
  if (!proposal) return null;
  return (
    <section class="card vote" aria-labelledby="vote-heading" data-testid="vote-panel">
      <div class="card__head">
        <h2 id="vote-heading">{t('vote.proposal')}</h2>
        <span class={`badge ${proposal.status === 'open' ? 'badge--open' : 'badge--closed'}`}>
          {proposal.status === 'open' ? t('vote.open') : t('vote.closed')}
        </span>
        <span class="badge" data-testid="ballot-kind">
          {proposal.ballot === 'named' ? t('vote.named') : t('vote.secret')}
        </span>
      </div>
      <blockquote class="proposal__text">
        <UserText>{proposal.text}</UserText>
      </blockquote>
      <Ballot proposal={proposal} />
      <Tally proposal={proposal} />
      {proposal.status === 'closed' && <ProposalResultLine proposal={proposal} />}
    </section>
  );
}
