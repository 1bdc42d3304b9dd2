/**
 * In a panel segment: the panel order and each panelist's allocation, both editable (P2, P3),
 * the time each has spoken, their turn at a click, and how the segment's time divides between
 * the panelists and the questions (P4). The order shown is always the replicated one.
 */

import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { panelTime } from '../../../shared/panel.ts';
import type { PanelSlot, Segment } from '../../../shared/state.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatDuration, parseDuration } from '../format.ts';
import { refusalText, t } from '../i18n/index.ts';
import { currentSegment, floor, nextOnPanel, roster } from '../store.ts';
import { ts, tsPlural } from './messages.ts';

type Direction = 'up' | 'down';
/** The move button to keep focus on once the new order comes back from the server. */
let focusAfterMove: { personId: string; direction: Direction } | null = null;

function move(segment: Segment, index: number, direction: Direction): void {
  const order = segment.panel.map((slot) => slot.personId);
  const to = direction === 'up' ? index - 1 : index + 1;
  const [moved] = order.splice(index, 1);
  if (moved === undefined || to < 0 || to > order.length) return;
  order.splice(to, 0, moved);
  focusAfterMove = { personId: moved, direction };
  void sendCommand({ type: 'panel.setOrder', payload: { segmentId: segment.id, personIds: order } });
}

/** "7 panelists × 5:42 · Q&A 10:06": what the panel's allocations leave for questions (P4). */
function PanelTime({ segment }: { segment: Segment }) {
  const time = panelTime(segment);
  const panelists =
    time.eachMs === null
      ? tsPlural(time.panelists, 'panel.time.total.one', 'panel.time.total.other', { n: time.panelists, total: formatDuration(time.allocatedMs) })
      : tsPlural(time.panelists, 'panel.time.each.one', 'panel.time.each.other', { n: time.panelists, each: formatDuration(time.eachMs) });
  return (
    <p class="panel-turns__summary" data-testid="panel-time">
      {panelists} · {ts('panel.questions', { time: formatDuration(time.questionsMs) })}
    </p>
  );
}

function AllocationEditor({ segmentId, slot, name, onDone }: { segmentId: string; slot: PanelSlot; name: string; onDone: () => void }) {
  const [text, setText] = useState(formatDuration(slot.allocationMs));
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const problemId = `allocation-problem-${slot.personId}`;
  return (
    <form
      class="panel-turns__edit inline-form inline-form--tight"
      onSubmit={(e) => {
        e.preventDefault();
        const allocationMs = parseDuration(text);
        if (allocationMs === null) return setProblem(ts('panel.allocationFormat'));
        void sendCommand({ type: 'panel.setAllocation', payload: { segmentId, personId: slot.personId, allocationMs } }).then((ack) =>
          ack.ok ? onDone() : setProblem(refusalText(ack.error)),
        );
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <input
        ref={input}
        class="input-small"
        inputMode="numeric"
        autocomplete="off"
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setProblem(null);
        }}
        aria-label={ts('panel.allocationLabel', { name })}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
      />
      <button type="submit" class="chip-button chip-button--strong">
        {ts('panel.save')}
      </button>
      <button type="button" class="chip-button" onClick={onDone}>
        {t('action.cancel')}
      </button>
      {problem && (
        <p class="form-error panel-turns__problem" role="alert" id={problemId}>
          {problem}
        </p>
      )}
    </form>
  );
}

interface RowProps {
  segment: Segment;
  slot: PanelSlot;
  index: number;
  name: string;
  speaking: boolean;
  next: boolean;
}

function PanelRow({ segment, slot, index, name, speaking, next }: RowProps) {
  const [editing, setEditing] = useState(false);
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const edit = useRef<HTMLButtonElement>(null);
  const count = segment.panel.length;
  const over = slot.spokenMs > slot.allocationMs;

  useLayoutEffect(() => {
    if (focusAfterMove?.personId !== slot.personId) return;
    // At the end of the list the button pressed is disabled now: its twin keeps the focus.
    const wanted = focusAfterMove.direction === 'up' ? up.current : down.current;
    const other = focusAfterMove.direction === 'up' ? down.current : up.current;
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    focusAfterMove = null;
  });

  const done = () => {
    setEditing(false);
    // Back to where the moderator was, once the button is on the page again.
    requestAnimationFrame(() => edit.current?.focus());
  };

  return (
    <li class={speaking ? 'panel-turns__item panel-turns__item--speaking' : 'panel-turns__item'} data-person={slot.personId}>
      <span class="panel-turns__name">
        {/* The position stays with the name; only the badge wraps beneath a long one. */}
        <span>
          <span class="panel-turns__pos">{index + 1}.</span>
          <UserText>{name}</UserText>
        </span>
        {next && <span class="badge">{ts('panel.next')}</span>}
        {speaking && <span class="badge badge--live">{ts('panel.speaking')}</span>}
      </span>
      <span class={`panel-turns__time${over ? ' over' : ''}`} data-testid="panel-allocation">
        {formatDuration(slot.spokenMs)} / {formatDuration(slot.allocationMs)}
        {/* Not colour alone (WD34): an icon on screen, the words for a screen reader. */}
        {over && <span aria-hidden="true"> ▲</span>}
        {over && <span class="sr-only"> {t('timer.over')}</span>}
      </span>
      <div class="panel-turns__actions">
        {!speaking && (
          <button
            type="button"
            class="chip-button"
            onClick={() => void sendCommand({ type: 'floor.give', payload: { personId: slot.personId } })}
            aria-label={ts('panel.giveTo', { name })}
          >
            {ts('floor.give')}
          </button>
        )}
        <button
          ref={up}
          type="button"
          class="icon-button"
          disabled={index === 0}
          onClick={() => move(segment, index, 'up')}
          aria-label={ts('panel.moveUp', { name })}
        >
          ↑
        </button>
        <button
          ref={down}
          type="button"
          class="icon-button"
          disabled={index === count - 1}
          onClick={() => move(segment, index, 'down')}
          aria-label={ts('panel.moveDown', { name })}
        >
          ↓
        </button>
        {!editing && (
          <button
            ref={edit}
            type="button"
            class="icon-button"
            onClick={() => setEditing(true)}
            aria-label={ts('panel.editAllocation', { name })}
            title={ts('panel.allocation')}
          >
            ✎
          </button>
        )}
      </div>
      {editing && <AllocationEditor segmentId={segment.id} slot={slot} name={name} onDone={done} />}
    </li>
  );
}

/**
 * On a short screen the list scrolls within its card, so the questions stay on the first screen
 * (issue 15): it keeps the panelist speaking, else the next one, at its top, unless the focus
 * is in the list. Where the whole list shows, nothing moves.
 */
function PanelList({ speaking, next, children }: { speaking: string | undefined; next: string | undefined; children: ComponentChildren }) {
  const list = useRef<HTMLOListElement>(null);
  const focus = speaking ?? next;
  useLayoutEffect(() => {
    const el = list.current;
    // A moderator working in the list (reordering from the keyboard) keeps their place.
    if (!el || !focus || el.scrollHeight <= el.clientHeight || el.contains(document.activeElement)) return;
    const row = [...el.children].find((child) => child instanceof HTMLElement && child.dataset.person === focus);
    if (row instanceof HTMLElement) el.scrollTop = row.offsetTop - el.offsetTop;
  }, [focus]);
  return (
    <ol class="panel-turns__list" ref={list}>
      {children}
    </ol>
  );
}

export function PanelTurns() {
  const segment = currentSegment.value;
  if (segment?.kind !== 'panel' || segment.panel.length === 0) return null;
  const speaking = floor.value?.current?.person.id;
  const next = nextOnPanel.value?.personId;
  const names = new Map(roster.value.map((p) => [p.id, p.name]));
  return (
    <section class="card panel-turns" aria-labelledby="panel-turns-heading" data-testid="panel-turns">
      <div class="card__head">
        <h2 id="panel-turns-heading">{ts('panel.heading')}</h2>
        <PanelTime segment={segment} />
      </div>
      <PanelList speaking={speaking} next={next}>
        {segment.panel.map((slot, i) => (
          <PanelRow
            key={slot.personId}
            segment={segment}
            slot={slot}
            index={i}
            name={names.get(slot.personId) ?? slot.personId}
            speaking={slot.personId === speaking}
            next={slot.personId === next}
          />
        ))}
      </PanelList>
    </section>
  );
}
