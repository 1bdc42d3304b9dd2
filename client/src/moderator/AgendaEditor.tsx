/**
 * Editing the agenda from the console (issue 15.7): add, remove, reorder and retime the
 * segments not yet started (A5, A6), and move the scheduled start before the event starts (A8).
 * A segment that has started says why it cannot change. A refusal is shown in place, as well
 * as in the toast every refused command raises.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LIMITS, SEGMENT_KIND_LIST, type SegmentKind } from '../../../shared/constants.ts';
import type { Command } from '../../../shared/protocol.ts';
import type { Segment } from '../../../shared/state.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatMinutes, viewerTimeZone } from '../format.ts';
import { refusalText } from '../i18n/index.ts';
import { agenda, eventState, locale, status } from '../store.ts';
import { ts } from './messages.ts';

const MAX_MINUTES = LIMITS.maxDurationMs / 60_000;

/** The kinds a moderator picks from, in the words of the page's language. */
export function segmentKindLabel(kind: SegmentKind): string {
  switch (kind) {
    case 'remarks':
      return ts('agendaEdit.kind.remarks');
    case 'panel':
      return ts('agendaEdit.kind.panel');
    case 'plenary':
      return ts('agendaEdit.kind.plenary');
    case 'break':
      return ts('agendaEdit.kind.break');
    case 'other':
      return ts('agendaEdit.kind.other');
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}

/** "25" → 25 minutes in ms; null unless a whole number of minutes from 1 to 24 h (the server's bounds). */
function parseMinutes(text: string): number | null {
  const match = /^\s*(\d{1,4})\s*$/.exec(text);
  const minutes = match ? Number(match[1]) : Number.NaN;
  return minutes >= 1 && minutes <= MAX_MINUTES ? minutes * 60_000 : null;
}

/** ms since the epoch → the value of a `datetime-local` field, in the viewer's time zone. */
function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Sends one edit; resolves to the refusal to show, or null once applied. */
async function edit(command: Command): Promise<string | null> {
  const ack = await sendCommand(command);
  return ack.ok ? null : refusalText(ack.error);
}

/** The move button to keep focus on once the new order comes back (like the panel order). */
let focusAfterMove: { segmentId: string; direction: 'up' | 'down' } | null = null;

function ScheduledStart({ onProblem }: { onProblem: (problem: string | null) => void }) {
  const state = eventState.value;
  const scheduled = state?.scheduledStartAt ?? null;
  const [text, setText] = useState(scheduled === null ? '' : toLocalInput(scheduled));
  // Another moderator's change (or this one's, as applied) shows in the field.
  useEffect(() => setText(scheduled === null ? '' : toLocalInput(scheduled)), [scheduled]);
  if (!state) return null;
  if (state.status !== 'scheduled') {
    return <p class="muted small">{ts('agendaEdit.scheduleLocked')}</p>;
  }
  const save = async (startAt: number | null) => {
    onProblem(await edit({ type: 'event.schedule', payload: { startAt } }));
  };
  return (
    <form
      class="inline-form agenda-edit__schedule"
      onSubmit={(e) => {
        e.preventDefault();
        const at = text ? new Date(text).getTime() : Number.NaN;
        if (!Number.isFinite(at)) return onProblem(ts('agendaEdit.scheduleFormat'));
        void save(at);
      }}
    >
      <label class="field">
        <span>{ts('agendaEdit.scheduleLabel', { zone: viewerTimeZone() })}</span>
        <input type="datetime-local" value={text} onInput={(e) => setText(e.currentTarget.value)} data-testid="scheduled-start" />
      </label>
      <button type="submit" class="button">
        {ts('agendaEdit.scheduleSave')}
      </button>
      {state.scheduledStartAt !== null ? (
        <button
          type="button"
          class="button button--quiet"
          onClick={() => {
            setText('');
            void save(null);
          }}
        >
          {ts('agendaEdit.scheduleClear')}
        </button>
      ) : (
        <p class="muted small">{ts('agendaEdit.scheduleNone')}</p>
      )}
    </form>
  );
}

interface RowProps {
  segment: Segment;
  index: number;
  /** May it move up: the segment before it has not started. */
  canMoveUp: boolean;
  canMoveDown: boolean;
  running: boolean;
  onProblem: (problem: string | null) => void;
}

function EditableSegment({ segment, index, canMoveUp, canMoveDown, running, onProblem }: RowProps) {
  const [minutes, setMinutes] = useState(String(Math.round(segment.plannedMs / 60_000)));
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const locked = segment.startedAt !== null;
  const title = segment.title;

  useLayoutEffect(() => {
    if (focusAfterMove?.segmentId !== segment.id) return;
    const wanted = focusAfterMove.direction === 'up' ? up.current : down.current;
    const other = focusAfterMove.direction === 'up' ? down.current : up.current;
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    focusAfterMove = null;
  });

  const move = (direction: 'up' | 'down') => {
    focusAfterMove = { segmentId: segment.id, direction };
    void edit({ type: 'agenda.moveSegment', payload: { segmentId: segment.id, index: direction === 'up' ? index - 1 : index + 1 } }).then(onProblem);
  };

  return (
    <li class={`agenda-edit__item${locked ? ' agenda-edit__item--locked' : ''}`} data-segment={segment.id}>
      <div class="agenda-edit__what">
        <span class="agenda-edit__pos">{index + 1}.</span>
        <strong>
          <UserText>{title}</UserText>
        </strong>
        <span class="muted small">
          {segmentKindLabel(segment.kind)} · {formatMinutes(segment.plannedMs, locale.value)}
        </span>
      </div>
      {locked ? (
        <p class="muted small agenda-edit__why">{running ? ts('agendaEdit.lockedRunning') : ts('agendaEdit.lockedStarted')}</p>
      ) : (
        <div class="agenda-edit__actions">
          <button ref={up} type="button" class="icon-button" disabled={!canMoveUp} onClick={() => move('up')} aria-label={ts('agendaEdit.moveUp', { title })}>
            ↑
          </button>
          <button
            ref={down}
            type="button"
            class="icon-button"
            disabled={!canMoveDown}
            onClick={() => move('down')}
            aria-label={ts('agendaEdit.moveDown', { title })}
          >
            ↓
          </button>
          <form
            class="inline-form inline-form--tight"
            onSubmit={(e) => {
              e.preventDefault();
              const durationMs = parseMinutes(minutes);
              if (durationMs === null) return onProblem(ts('agendaEdit.minutesFormat', { max: MAX_MINUTES }));
              void edit({ type: 'agenda.updateSegment', payload: { segmentId: segment.id, durationMs } }).then(onProblem);
            }}
          >
            <input
              class="input-small"
              inputMode="numeric"
              autocomplete="off"
              value={minutes}
              onInput={(e) => setMinutes(e.currentTarget.value)}
              aria-label={ts('agendaEdit.minutesLabel', { title })}
            />
            <button type="submit" class="chip-button" aria-label={ts('agendaEdit.setMinutesLabel', { title })}>
              {ts('agendaEdit.setMinutes')}
            </button>
          </form>
          <ConfirmAction
            class="chip-button"
            label={ts('agendaEdit.removeLabel', { title })}
            confirmLabel={ts('agendaEdit.removeConfirm')}
            onConfirm={() => void edit({ type: 'agenda.removeSegment', payload: { segmentId: segment.id } }).then(onProblem)}
          >
            {ts('agendaEdit.remove')}
          </ConfirmAction>
        </div>
      )}
    </li>
  );
}

function AddSegment({ onProblem }: { onProblem: (problem: string | null) => void }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<SegmentKind>('plenary');
  const [minutes, setMinutes] = useState('15');
  return (
    <form
      class="agenda-edit__add"
      aria-labelledby="agenda-add-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        const durationMs = parseMinutes(minutes);
        if (durationMs === null) return onProblem(ts('agendaEdit.minutesFormat', { max: MAX_MINUTES }));
        const problem = await edit({ type: 'agenda.addSegment', payload: { segment: { title: title.trim(), format: '', kind, durationMs } } });
        onProblem(problem);
        if (problem === null) setTitle('');
      }}
    >
      <h3 id="agenda-add-heading">{ts('agendaEdit.add')}</h3>
      <div class="agenda-edit__fields">
        <label class="field">
          <span>{ts('agendaEdit.newTitle')}</span>
          <input type="text" required maxLength={LIMITS.title} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{ts('agendaEdit.newKind')}</span>
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as SegmentKind)}>
            {SEGMENT_KIND_LIST.map((k) => (
              <option key={k} value={k}>
                {segmentKindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{ts('agendaEdit.newMinutes')}</span>
          <input class="input-small" inputMode="numeric" autocomplete="off" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {ts('agendaEdit.addButton')}
        </button>
      </div>
    </form>
  );
}

/** The agenda as the moderator edits it; `onDone` goes back to the agenda as everyone sees it. */
export function AgendaEditor({ onDone }: { onDone: () => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  const a = agenda.value;
  const s = status.value;
  if (!a || !s) return null;
  const { segments, current } = a;
  return (
    <section class="card agenda-edit" aria-labelledby="agenda-edit-heading" data-testid="agenda-editor">
      <div class="card__head">
        <h2 id="agenda-edit-heading" tabIndex={-1} ref={heading}>
          {ts('agendaEdit.heading')}
        </h2>
        <button type="button" class="button" onClick={onDone}>
          {ts('agendaEdit.done')}
        </button>
      </div>
      {problem && (
        <p class="form-error" role="alert" data-testid="agenda-edit-problem">
          {problem}
        </p>
      )}
      {s === 'ended' ? (
        <p class="muted">{ts('agendaEdit.ended')}</p>
      ) : (
        <>
          <ScheduledStart onProblem={setProblem} />
          <p class="muted small">{ts('agendaEdit.hint')}</p>
          <ol class="agenda-edit__list">
            {segments.map((segment, i) => (
              <EditableSegment
                key={segment.id}
                segment={segment}
                index={i}
                canMoveUp={i > 0 && segments[i - 1]?.startedAt === null}
                canMoveDown={i < segments.length - 1}
                running={i === current && s === 'live'}
                onProblem={setProblem}
              />
            ))}
          </ol>
          <AddSegment onProblem={setProblem} />
        </>
      )}
    </section>
  );
}
