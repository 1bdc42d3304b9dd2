/**
 * The moderator's list of proposals: add, put on screen (a secret ballot, with its results
 * hidden until it closes if they choose, V8, or a named vote, V6), close and decide. Only the
 * console imports it, so it loads with the console's chunk, not with every participant's page.
 */
import { useState } from 'preact/hooks';
import { LIMITS, type ProposalResult, type ProposalStatus } from '../../../shared/constants.ts';
import { answers, resultsHidden } from '../../../shared/reducer/proposals.ts';
import type { Proposal } from '../../../shared/state.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { plural, t } from '../i18n/index.ts';
import { resultLabel } from '../i18n/labels.ts';
import { role } from '../store.ts';
import { proposalOnScreen, proposals } from './state.ts';

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
  // V8: chosen when it is put to the vote; a named vote shows who answered what, so it cannot hide results.
  const [hideResults, setHideResults] = useState(false);
  const hiding = proposal.status === 'draft' && hideResults;
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
      {proposal.status !== 'draft' && <p class="muted small">{plural(answers(proposal), 'vote.answers.one', 'vote.answers.other')}</p>}
      {resultsHidden(proposal) && <p class="muted small">{t('vote.resultsHidden')}</p>}
      <div class="button-row">
        {!onScreen && (
          <button
            type="button"
            class="chip-button chip-button--strong"
            disabled={blocked}
            onClick={() => void sendCommand({ type: 'proposals.show', payload: { proposalId: proposal.id, ...(hiding && { hideResults: true }) } })}
          >
            {t('vote.show')}
          </button>
        )}
        {!onScreen && proposal.status === 'draft' && (
          <label class="check">
            <input type="checkbox" checked={hideResults} onChange={(e) => setHideResults(e.currentTarget.checked)} />
            <span>{t('vote.hideResults')}</span>
          </label>
        )}
        {!onScreen && proposal.status === 'draft' && (
          <button
            type="button"
            class="chip-button"
            disabled={blocked || hiding}
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
