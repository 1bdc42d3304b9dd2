/**
 * S46: who waits in the lobby, for moderators and note-takers alike. The socket brings two
 * counts (`moderation`); the list itself is a REST page, fetched again whenever the counts
 * change. Each row has the form's details and any flag (S47), and "Admit" and "Decline".
 * Shown from the moment someone waits, and kept (saying nobody waits) once it has been.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LobbyPage, RegistrationDetails } from '../../../shared/api.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { UserText } from '../components/UserText.tsx';
import { countryOf, regionName } from '../i18n/labels.ts';
import { reportFailure } from '../reportFailure.ts';
import { moderation, session, showToast } from '../store.ts';
import { admitFromLobby, declineFromLobby, fetchLobby } from './api.ts';
import { FlagNote, RegisteredName } from './FlagNote.tsx';
import { ts, tsPlural } from './messages.ts';
import { detailsLine, focusAfterLeaving } from './registrations.ts';
import { useLatestFetch } from './useLatestFetch.ts';

/** Where the focus goes after this console's own action, once the list has re-rendered. */
const EMPTY: LobbyPage = { total: 0, people: [] };

type FocusTarget = { personId: string } | 'heading' | null;

function LobbyRow({ person, busy, onAdmit, onDecline }: { person: RegistrationDetails; busy: boolean; onAdmit: () => void; onDecline: () => void }) {
  return (
    <li class="lobby__person" data-person={person.personId}>
      <div class="lobby__who">
        <RegisteredName person={person} />
        <div class="small">
          <UserText>{detailsLine(person, regionName, countryOf)}</UserText>
        </div>
        {person.flag && <FlagNote flag={person.flag} />}
      </div>
      <div class="button-row lobby__actions">
        <button
          type="button"
          class="button button--primary"
          data-admit
          aria-label={ts('staffLobby.admitOf', { name: person.name })}
          disabled={busy}
          onClick={onAdmit}
        >
          {ts('staffLobby.admit')}
        </button>
        <ConfirmAction
          label={ts('staffLobby.declineOf', { name: person.name })}
          disabled={busy}
          warning={ts('staffLobby.declineWarning', { name: person.name })}
          confirmLabel={ts('staffLobby.declineConfirm')}
          onConfirm={onDecline}
        >
          {ts('staffLobby.decline')}
        </ConfirmAction>
      </div>
    </li>
  );
}

export function LobbyPanel() {
  const counts = moderation.value;
  const waiting = counts?.waiting ?? 0;
  const fetched = useLatestFetch(fetchLobby, () => ts('staffLobby.loadFailed'));
  const page = fetched.value;
  const [busy, setBusy] = useState(false);
  const everShown = useRef(false);
  const focusTarget = useRef<FocusTarget>(null);
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  if (waiting > 0) everShown.current = true;

  // Every `moderation` message is a new object: someone registered, was let in or declined, here or on another screen.
  useEffect(() => {
    if (!counts) return;
    if (counts.waiting > 0) fetched.reload();
    else fetched.settle(EMPTY);
  }, [counts]);

  useLayoutEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    const button =
      target === 'heading' ? null : section.current?.querySelector<HTMLButtonElement>(`[data-person="${CSS.escape(target.personId)}"] [data-admit]`);
    (button ?? heading.current)?.focus();
  }, [page]);

  const s = session.value;
  if (!s || !everShown.current) return null;

  const leave = (personId: string) => {
    const next = page
      ? focusAfterLeaving(
          page.people.map((p) => p.personId),
          personId,
        )
      : null;
    focusTarget.current = next ? { personId: next } : 'heading';
    fetched.update((p) => p && { total: Math.max(0, p.total - 1), people: p.people.filter((other) => other.personId !== personId) });
  };

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      reportFailure(ts('staffLobby.failed'), err);
      fetched.reload();
    } finally {
      setBusy(false);
    }
  };

  const admit = (person: RegistrationDetails) =>
    act(async () => {
      await admitFromLobby(s.eventId, s.token, { personIds: [person.personId] });
      leave(person.personId);
    });
  const decline = (person: RegistrationDetails) =>
    act(async () => {
      await declineFromLobby(s.eventId, s.token, person.personId);
      leave(person.personId);
      showToast({ tone: 'info', title: ts('staffLobby.declined', { name: person.name }) }, 4000);
    });
  const admitAll = () =>
    act(async () => {
      const admitted = await admitFromLobby(s.eventId, s.token, { all: true });
      focusTarget.current = 'heading';
      fetched.settle(EMPTY);
      showToast({ tone: 'info', title: tsPlural(admitted, 'staffLobby.admitted.one', 'staffLobby.admitted.other') }, 4000);
    });

  const people = page?.people ?? [];
  return (
    <section class="card lobby" aria-labelledby="lobby-heading" data-testid="lobby" ref={section}>
      <div class="card__head">
        <h2 id="lobby-heading" tabIndex={-1} ref={heading}>
          {ts('staffLobby.heading')}{' '}
          <span class={`badge ${waiting > 0 ? 'badge--live' : ''}`} aria-hidden="true">
            {waiting}
          </span>
        </h2>
        {waiting > 1 && (
          <button type="button" class="button" disabled={busy} onClick={() => void admitAll()}>
            {ts('staffLobby.admitAll')}
          </button>
        )}
      </div>
      <p role="status" data-testid="lobby-count">
        {waiting > 0 ? tsPlural(waiting, 'staffLobby.count.one', 'staffLobby.count.other') : ts('staffLobby.nobody')}
      </p>
      {people.length > 0 && (
        <ul class="lobby__list">
          {people.map((person) => (
            <LobbyRow key={person.personId} person={person} busy={busy} onAdmit={() => void admit(person)} onDecline={() => void decline(person)} />
          ))}
        </ul>
      )}
      {page && page.total > people.length && people.length > 0 && (
        <p class="muted small">{ts('staffLobby.more', { shown: people.length, total: page.total })}</p>
      )}
    </section>
  );
}
