/**
 * For moderators: the outcome document in one click (Markdown or a printable page, every
 * name or consented names only), its publication, the full export, and deleting a
 * participant's personal data on request.
 */
import { useRef, useState } from 'preact/hooks';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { t } from '../i18n/index.ts';
import { countryOf } from '../i18n/labels.ts';
import { reportFailure } from '../reportFailure.ts';
import { eventState, role, session, showToast } from '../store.ts';
import { type DirectoryPerson, deletePersonData, downloadExport, downloadOutcome, fetchDirectory, type OutcomeVersion, outcomePath } from './api.ts';

function DownloadRow({ version }: { version: OutcomeVersion }) {
  const [busy, setBusy] = useState(false);
  const s = session.value;
  const download = async (format: 'md' | 'html') => {
    if (!s) return;
    setBusy(true);
    try {
      await downloadOutcome(s.eventId, s.token, format, version);
    } catch (err) {
      reportFailure(t('outcome.downloadFailed'), err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="outcome__row">
      <h3>{version === 'public' ? t('outcome.public') : t('outcome.moderators')}</h3>
      <div class="button-row">
        <button type="button" class="button" disabled={busy} onClick={() => void download('html')} data-testid={`outcome-html-${version}`}>
          {t('outcome.html')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void download('md')}>
          {t('outcome.markdown')}
        </button>
      </div>
    </div>
  );
}

function Publication() {
  const state = eventState.value;
  const s = session.value;
  if (!state || !s) return null;
  const url = `${location.origin}${outcomePath(s.eventId, 'html', 'public')}`;
  return (
    <div class="outcome__publication">
      {state.outcome.public ? (
        <p>
          {t('outcome.publishedAt')}{' '}
          <a href={url} target="_blank" rel="noopener noreferrer">
            {url}
          </a>
        </p>
      ) : (
        <p class="muted">{t('outcome.notPublished')}</p>
      )}
      <button
        type="button"
        class="button"
        aria-pressed={state.outcome.public}
        onClick={() => void sendCommand({ type: 'outcome.setPublic', payload: { public: !state.outcome.public } })}
      >
        {state.outcome.public ? t('outcome.unpublish') : t('outcome.publish')}
      </button>
    </div>
  );
}

function DeletePersonalData() {
  const [people, setPeople] = useState<DirectoryPerson[] | null>(null);
  const [choice, setChoice] = useState('');
  const select = useRef<HTMLSelectElement>(null);
  const s = session.value;
  if (!s) return null;
  const load = async () => {
    try {
      setPeople((await fetchDirectory(s.eventId, s.token)).filter((p) => p.personId !== null));
    } catch (err) {
      reportFailure(t('data.failed'), err);
    }
  };
  const person = people?.find((p) => p.personId === choice);
  const remove = async (personId: string, name: string) => {
    try {
      await deletePersonData(s.eventId, s.token, personId);
      showToast({ tone: 'info', title: t('data.deleted', { name }) });
      setChoice('');
      setPeople((list) => list?.filter((p) => p.personId !== personId) ?? null);
      // The delete button is disabled until someone else is picked: focus goes back to the list.
      select.current?.focus();
    } catch (err) {
      reportFailure(t('data.failed'), err);
    }
  };
  return (
    <div class="outcome__delete">
      <h3>{t('data.deleteHeading')}</h3>
      <p class="muted small">{t('data.deleteHint')}</p>
      {people === null ? (
        <button type="button" class="button button--secondary" onClick={() => void load()}>
          {t('data.loadPeople')}
        </button>
      ) : (
        <div class="inline-form">
          <label class="field">
            <span>{t('data.person')}</span>
            <select ref={select} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
              <option value="" />
              {people.map((p) => (
                <option key={p.personId} value={p.personId ?? ''}>
                  <UserText>{p.name}</UserText>
                  {p.community ? (
                    <>
                      {' '}
                      · <UserText>{p.community}</UserText>
                    </>
                  ) : (
                    ''
                  )}
                  {p.country ? (
                    <>
                      {' '}
                      · <UserText>{countryOf(p.country)}</UserText>
                    </>
                  ) : (
                    ''
                  )}
                </option>
              ))}
            </select>
          </label>
          <ConfirmAction
            class="button button--danger"
            disabled={!person}
            warning={person ? t('data.deleteWarning', { name: person.name }) : undefined}
            confirmLabel={t('data.deleteConfirm')}
            onConfirm={() => {
              if (person?.personId) void remove(person.personId, person.name);
            }}
          >
            {t('data.delete')}
          </ConfirmAction>
        </div>
      )}
    </div>
  );
}

export function OutcomePanel() {
  const state = eventState.value;
  const s = session.value;
  if (role.value !== 'moderator' || !state || !s) return null;
  return (
    <div class="outcome-page">
      <section class="card outcome" aria-labelledby="outcome-heading" data-testid="outcome-panel">
        <h2 id="outcome-heading">{t('outcome.heading')}</h2>
        <p class="muted">{t('outcome.intro')}</p>
        {state.status !== 'ended' && <p class="notice">{t('outcome.draft')}</p>}
        <DownloadRow version="moderators" />
        <DownloadRow version="public" />
        <Publication />
      </section>
      <section class="card data" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('data.heading')}</h2>
        <button
          type="button"
          class="button"
          onClick={() => void downloadExport(s.eventId, s.token).catch((err: unknown) => reportFailure(t('outcome.downloadFailed'), err))}
        >
          {t('data.export')}
        </button>
        <p class="muted small">{t('data.exportHint')}</p>
        <DeletePersonalData />
      </section>
    </div>
  );
}
