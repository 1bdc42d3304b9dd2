/**
 * The way forward: the proposal on screen with agree / disagree / abstain and the live tally;
 * for moderators, the list of proposals to add, put on screen, close and decide.
 */
import { useState } from 'preact/hooks';
import { LIMITS, type ProposalResult, type ProposalStatus, VOTE_ANSWER_LIST } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import { turnout } from '../../../shared/reducer/proposals.ts';
import type { Proposal } from '../../../shared/state.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { plural, t } from '../i18n/index.ts';
import { answerLabel, resultLabel } from '../i18n/labels.ts';
import { role } from '../store.ts';
import { myAnswer, proposalOnScreen, proposals } from './state.ts';

function statusLabel(status: ProposalStatus): string {
  switch (status) {
    case 'draft':
      return t('vote.status.draft');
    case 'open':
      return t('vote.status.open');
    case 'closed':
      return t('vote.status.closed');
  }
}

/** The tally as bars; the numbers are text, the bars only decoration. */
export function Tally({ proposal, large = false }: { proposal: Proposal; large?: boolean }) {
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
                <span style={{ width: `${share}%` }} />
              </span>
              <span class="tally__count">
                {n} <span class="muted small">({share}%)</span>
              </span>
            </li>
          );
        })}
      </ul>
      <p class="muted small">{plural(total, 'vote.answers.one', 'vote.answers.other')}</p>
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

function Decide({ proposal }: { proposal: Proposal }) {
  const [result, setResult] = useState<ProposalResult>(proposal.result ?? 'adopted');
  const [amended, setAmended] = useState(proposal.amendedText || proposal.text);
  return (
    <form
      class="stack decide"
      onSubmit={(e) => {
        e.preventDefault();
        void sendCommand({
          type: 'proposals.decide',
          payload: result === 'amended' ? { proposalId: proposal.id, result, amendedText: amended.trim() } : { proposalId: proposal.id, result },
        });
      }}
    >
      <fieldset>
        <legend>{t('vote.decideLegend')}</legend>
        <div class="button-row">
          {(['adopted', 'amended', 'dropped'] as const).map((r) => (
            <label key={r} class="check">
              <input type="radio" name={`decide-${proposal.id}`} value={r} checked={result === r} onChange={() => setResult(r)} />
              <span>{resultLabel(r)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {result === 'amended' && (
        <label class="field">
          <span>{t('vote.amendedText')}</span>
          <textarea required rows={2} maxLength={LIMITS.proposal} value={amended} onInput={(e) => setAmended(e.currentTarget.value)} />
        </label>
      )}
      <button type="submit" class="button">
        {t('vote.record')}
      </button>
    </form>
  );
}

function ManagedProposal({ proposal, index }: { proposal: Proposal; index: number }) {
  const onScreen = proposals.value.onScreen === proposal.id;
  const blocked = proposalOnScreen.value?.status === 'open' && !onScreen;
  return (
    <li class={`proposal${onScreen ? ' proposal--on-screen' : ''}`} data-proposal-id={proposal.id}>
      <div class="proposal__head">
        <strong>{index + 1}.</strong> <span class="badge">{statusLabel(proposal.status)}</span>
        {onScreen && <span class="badge badge--live">{t('questions.onScreen')}</span>}
        {proposal.result && <span class="badge badge--done">{resultLabel(proposal.result)}</span>}
      </div>
      <p class="proposal__text">
        <UserText>{proposal.text}</UserText>
      </p>
      {proposal.status !== 'draft' && <p class="muted small">{plural(turnout(proposal.tally), 'vote.answers.one', 'vote.answers.other')}</p>}
      <div class="button-row">
        {!onScreen && (
          <button
            type="button"
            class="chip-button chip-button--strong"
            disabled={blocked}
            onClick={() => void sendCommand({ type: 'proposals.show', payload: { proposalId: proposal.id } })}
          >
            {t('vote.show')}
          </button>
        )}
        {!onScreen && proposal.status === 'draft' && (
          <button
            type="button"
            class="chip-button"
            disabled={blocked}
            onClick={() => void sendCommand({ type: 'proposals.show', payload: { proposalId: proposal.id, ballot: 'named' } })}
          >
            {t('vote.showNamed')}
          </button>
        )}
        {proposal.status === 'open' && (
          <button type="button" class="chip-button" onClick={() => void sendCommand({ type: 'proposals.close', payload: { proposalId: proposal.id } })}>
            {t('vote.close')}
          </button>
        )}
        {onScreen && proposal.status !== 'open' && (
          <button type="button" class="chip-button" onClick={() => void sendCommand({ type: 'proposals.show', payload: { proposalId: null } })}>
            {t('vote.clearScreen')}
          </button>
        )}
      </div>
      {proposal.status !== 'open' && (
        <details>
          <summary>{t('vote.decideLegend')}</summary>
          <Decide proposal={proposal} />
        </details>
      )}
    </li>
  );
}

/** The moderator's list of proposals. */
export function ProposalsManager() {
  const [text, setText] = useState('');
  if (role.value !== 'moderator') return null;
  const items = proposals.value.items;
  return (
    <section class="card proposals" aria-labelledby="proposals-heading" data-testid="proposals-manager">
      <h2 id="proposals-heading">{t('vote.manage')}</h2>
      {items.length === 0 ? (
        <p class="muted small">{t('vote.none')}</p>
      ) : (
        <ol class="plain-list proposal-list">
          {items.map((p, i) => (
            <ManagedProposal key={p.id} proposal={p} index={i} />
          ))}
        </ol>
      )}
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if ((await sendCommand({ type: 'proposals.add', payload: { text: text.trim() } })).ok) setText('');
        }}
      >
        <label class="field">
          <span>{t('vote.newProposal')}</span>
          <input type="text" required maxLength={LIMITS.proposal} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {t('vote.add')}
        </button>
      </form>
    </section>
  );
}
