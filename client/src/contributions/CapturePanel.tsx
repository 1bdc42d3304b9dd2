/**
 * Capture for moderators and note-takers: a best practice or a key point, linked to whoever
 * speaks (or just spoke) in this segment. Moderators also grant note-taking to participants.
 */
import { useState } from 'preact/hooks';
import { CAPTURE_KIND_LIST, type CaptureKind, LIMITS } from '../../../shared/constants.ts';
import type { Capture } from '../../../shared/state.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { t } from '../i18n/index.ts';
import { currentSegment, eventState, floor, role, self, showToast, status } from '../store.ts';
import { canTakeNotes, notes } from './state.ts';

export function captureKindLabel(kind: CaptureKind): string {
  return kind === 'practice' ? t('notes.kind.practice') : t('notes.kind.point');
}

/** Who a capture sent now would be linked to: the same rule as the reducer's (N2). */
function linkTarget(): { name: string; speaking: boolean } | null {
  const segment = currentSegment.value;
  const f = floor.value;
  const turn = f?.current ?? f?.last ?? null;
  if (!segment || !turn || turn.segmentId !== segment.id) return null;
  return { name: turn.person.name, speaking: f?.current === turn };
}

function NoteItem({ capture }: { capture: Capture }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(capture.text);
  const mine = capture.by.id === self.value?.id || role.value === 'moderator';
  const short = capture.text.length > 40 ? `${capture.text.slice(0, 40)}…` : capture.text;
  return (
    <li class="note" data-capture-id={capture.id}>
      <span class={`badge note__kind note__kind--${capture.kind}`}>{captureKindLabel(capture.kind)}</span>{' '}
      {editing ? (
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const ack = await sendCommand({ type: 'notes.edit', payload: { captureId: capture.id, text: text.trim() } });
            if (ack.ok) setEditing(false);
          }}
        >
          <label class="field">
            <span class="sr-only">{t('notes.text')}</span>
            <input type="text" maxLength={LIMITS.capture} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button">
            {t('notes.save')}
          </button>
          <button type="button" class="button button--quiet" onClick={() => setEditing(false)}>
            {t('action.cancel')}
          </button>
        </form>
      ) : (
        <span class="note__text">
          <UserText>{capture.text}</UserText>
        </span>
      )}
      {capture.speaker && (
        <span class="muted small">
          {' '}
          — <UserText>{capture.speaker.name}</UserText>
        </span>
      )}
      {mine && !editing && (
        <span class="note__actions">
          <button
            type="button"
            class="link-button"
            aria-label={t('notes.editLabel', { text: short })}
            onClick={() => {
              setText(capture.text);
              setEditing(true);
            }}
          >
            {t('notes.edit')}
          </button>{' '}
          <button
            type="button"
            class="link-button"
            aria-label={t('notes.removeLabel', { text: short })}
            onClick={() => void sendCommand({ type: 'notes.remove', payload: { captureId: capture.id } })}
          >
            {t('notes.remove')}
          </button>
        </span>
      )}
    </li>
  );
}

/** People a moderator may grant note-taking to: those seen in the event (hands, chat, contributions, questions). */
function candidates(): Array<{ id: string; name: string }> {
  const state = eventState.value;
  if (!state) return [];
  const roster = new Set(state.roster.map((p) => p.id));
  const seen = new Map<string, string>();
  const people = [
    ...state.queue.hands.map((h) => h.person),
    ...state.chat.messages.map((m) => m.author),
    ...state.contributions.items.map((c) => c.author),
    ...state.questions.items.map((q) => q.author),
  ];
  for (const p of people) if (!roster.has(p.id) && !seen.has(p.id)) seen.set(p.id, p.name);
  return [...seen].map(([id, name]) => ({ id, name })).filter((p) => !state.notes.takers.includes(p.id));
}

function NoteTakers() {
  const [choice, setChoice] = useState('');
  const state = eventState.value;
  if (!state || role.value !== 'moderator') return null;
  const names = new Map(candidates().map((p) => [p.id, p.name]));
  const nameOf = (id: string) =>
    state.chat.messages.find((m) => m.author.id === id)?.author.name ??
    state.contributions.items.find((c) => c.author.id === id)?.author.name ??
    state.queue.hands.find((h) => h.person.id === id)?.person.name ??
    id;
  return (
    <details class="note-takers">
      <summary>{t('notes.takers')}</summary>
      {state.notes.takers.length === 0 ? (
        <p class="muted small">{t('notes.noneGranted')}</p>
      ) : (
        <ul class="plain-list">
          {state.notes.takers.map((id) => (
            <li key={id}>
              {nameOf(id)}{' '}
              <button
                type="button"
                class="link-button"
                aria-label={t('notes.revokeLabel', { name: nameOf(id) })}
                onClick={() => void sendCommand({ type: 'notes.grant', payload: { personId: id, granted: false } })}
              >
                {t('notes.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (choice && (await sendCommand({ type: 'notes.grant', payload: { personId: choice, granted: true } })).ok) setChoice('');
        }}
      >
        <label class="field">
          <span>{t('notes.grantTo')}</span>
          <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value="" />
            {[...names].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button" disabled={!choice}>
          {t('notes.grant')}
        </button>
      </form>
    </details>
  );
}

export function CapturePanel() {
  const [kind, setKind] = useState<CaptureKind>('practice');
  const [text, setText] = useState('');
  const [unlinked, setUnlinked] = useState(false);
  if (!canTakeNotes.value) return null;
  const segment = currentSegment.value;
  const live = status.value === 'live';
  const target = linkTarget();
  const here = segment
    ? notes.value.captures
        .filter((c) => c.segmentId === segment.id)
        .slice()
        .reverse()
    : [];
  return (
    <section class="card capture" aria-labelledby="capture-heading" data-testid="capture-panel">
      <div class="card__head">
        <h2 id="capture-heading">{t('notes.heading')}</h2>
        {segment && live && (
          <span class="muted">
            <UserText>{segment.title}</UserText>
          </span>
        )}
      </div>
      {!live ? (
        <p class="muted">{t('notes.notLive')}</p>
      ) : (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            const ack = await sendCommand({ type: 'notes.capture', payload: { kind, text: text.trim(), unlinked } });
            if (ack.ok) {
              setText('');
              setUnlinked(false);
              showToast({ tone: 'info', title: t('notes.captured') }, 3000);
            }
          }}
        >
          <p class="muted small">{t('notes.intro')}</p>
          <fieldset class="capture__kinds">
            <legend>{t('notes.kindLegend')}</legend>
            {CAPTURE_KIND_LIST.map((k) => (
              <label key={k} class="check">
                <input type="radio" name="capture-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span>{captureKindLabel(k)}</span>
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span>{t('notes.text')}</span>
            <textarea required rows={3} maxLength={LIMITS.capture} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <p class="small" aria-live="polite">
            {unlinked || !target
              ? t('notes.noSpeaker')
              : target.speaking
                ? t('notes.linkedTo', { name: target.name })
                : t('notes.linkedLast', { name: target.name })}
          </p>
          {target && (
            <label class="check small">
              <input type="checkbox" checked={unlinked} onChange={(e) => setUnlinked(e.currentTarget.checked)} />
              <span>{t('notes.unlink')}</span>
            </label>
          )}
          <button type="submit" class="button button--primary">
            {t('notes.capture')}
          </button>
        </form>
      )}
      <h3 class="capture__list-heading">{t('notes.thisSegment')}</h3>
      {here.length === 0 ? (
        <p class="muted small">{t('notes.none')}</p>
      ) : (
        <ul class="plain-list notes-list">
          {here.map((c) => (
            <NoteItem key={c.id} capture={c} />
          ))}
        </ul>
      )}
      <NoteTakers />
    </section>
  );
}
