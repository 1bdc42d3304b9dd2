/**
 * The queue for the moderator: reorder by drag or keyboard (move up/down buttons, or
 * Alt+Arrow keys on a row), give the floor, take out of the queue, remove from the event;
 * open/close, order, lower all.
 * Each action is one command; the order shown is always the replicated one.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Hand } from '../../../shared/state.ts';
import { HandBadge, PlaceReasonLine, QueueOrderRule } from '../components/HandQueue.tsx';
import { PersonLine } from '../components/PersonLine.tsx';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { formatTimeOfDay } from '../format.ts';
import { t } from '../i18n/index.ts';
import { regionName } from '../i18n/labels.ts';
import { locale, queue, status } from '../store.ts';
import { ts } from './messages.ts';
import { RemovePersonButton } from './RemovePerson.tsx';
import { SpeakerRecord, SpeakingBalance } from './SpeakingBalance.tsx';

const keyOf = (hand: Hand) => `${hand.person.id}:${hand.kind}`;
/** The row to keep focus on once its move comes back from the server. */
let focusAfterMove: string | null = null;

function move(hand: Hand, position: number): void {
  focusAfterMove = keyOf(hand);
  void sendCommand({ type: 'queue.move', payload: { personId: hand.person.id, kind: hand.kind, position } });
}

interface RowProps {
  hand: Hand;
  index: number;
  count: number;
  reorderable: boolean;
  dragging: string | null;
  onDrag: (key: string | null) => void;
}

function QueueRow({ hand, index, count, reorderable, dragging, onDrag }: RowProps) {
  const row = useRef<HTMLLIElement>(null);
  const key = keyOf(hand);
  const [over, setOver] = useState(false);
  const live = status.value === 'live';

  useLayoutEffect(() => {
    if (focusAfterMove === key && row.current && document.activeElement !== row.current) {
      row.current.focus();
      focusAfterMove = null;
    }
  });

  return (
    <li
      ref={row}
      class={`queue__item queue__item--mod${over ? ' queue__item--drop' : ''}${dragging === key ? ' queue__item--dragging' : ''}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a row the moderator moves with Alt+Arrow keys must take focus
      tabIndex={0}
      draggable={reorderable}
      aria-label={ts('mod.queueRow', { n: index + 1, name: hand.person.name })}
      aria-keyshortcuts={reorderable ? 'Alt+ArrowUp Alt+ArrowDown' : undefined}
      data-person={hand.person.id}
      onKeyDown={(e) => {
        if (!reorderable || !e.altKey || e.target !== e.currentTarget) return;
        if (e.key === 'ArrowUp' && index > 0) {
          e.preventDefault();
          move(hand, index);
        } else if (e.key === 'ArrowDown' && index < count - 1) {
          e.preventDefault();
          move(hand, index + 2);
        }
      }}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', key);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        onDrag(key);
      }}
      onDragEnd={() => onDrag(null)}
      onDragOver={(e) => {
        if (!dragging || dragging === key) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dragged = queue.value?.hands.find((h) => keyOf(h) === dragging);
        onDrag(null);
        if (dragged && dragging !== key) move(dragged, index + 1);
      }}
    >
      {reorderable && (
        <span class="queue__grip" aria-hidden="true">
          ⋮⋮
        </span>
      )}
      <span class="queue__pos">{index + 1}</span>
      <div class="queue__who queue__who--mod">
        <PersonLine person={hand.person} />
        <span class="muted small">
          {regionName(hand.person.region)} · {formatTimeOfDay(hand.raisedAt, locale.value)} · <SpeakerRecord personId={hand.person.id} />
        </span>
        {hand.topic && (
          <span class="queue__topic">
            <UserText>{hand.topic}</UserText>
          </span>
        )}
        <PlaceReasonLine index={index} />
      </div>
      <HandBadge hand={hand} />
      <div class="queue__actions">
        <button
          type="button"
          class="chip-button chip-button--strong"
          disabled={!live}
          onClick={() => void sendCommand({ type: 'floor.give', payload: { personId: hand.person.id, kind: hand.kind } })}
          aria-label={ts('mod.giveFloorTo', { name: hand.person.name })}
        >
          {ts('floor.give')}
        </button>
        {reorderable && (
          <>
            <button
              type="button"
              class="icon-button"
              disabled={index === 0}
              onClick={() => move(hand, index)}
              aria-label={ts('mod.moveUp', { name: hand.person.name })}
            >
              ↑
            </button>
            <button
              type="button"
              class="icon-button"
              disabled={index === count - 1}
              onClick={() => move(hand, index + 2)}
              aria-label={ts('mod.moveDown', { name: hand.person.name })}
            >
              ↓
            </button>
          </>
        )}
        <button
          type="button"
          class="icon-button"
          onClick={() => void sendCommand({ type: 'queue.remove', payload: { personId: hand.person.id, kind: hand.kind } })}
          aria-label={ts('mod.remove', { name: hand.person.name })}
        >
          ✕
        </button>
        <RemovePersonButton person={hand.person} />
      </div>
    </li>
  );
}

export function ModeratorQueue() {
  const [dragging, setDragging] = useState<string | null>(null);
  const q = queue.value;
  if (!q) return null;
  const reorderable = q.order === 'firstCome';
  return (
    <section class="card mod-queue" aria-labelledby="mq-heading">
      <div class="card__head">
        <h2 id="mq-heading">
          {t('queue.heading')} <span class="count">{q.hands.length}</span>
        </h2>
        <span class={`badge ${q.open ? 'badge--open' : 'badge--closed'}`}>{q.open ? t('queue.open') : t('queue.closed')}</span>
      </div>
      <div class="button-row">
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'queue.setOpen', payload: { open: !q.open } })}>
          {q.open ? `🔒 ${ts('mod.closeQueue')}` : `🔓 ${ts('mod.openQueue')}`}
        </button>
        <button type="button" class="button" disabled={q.hands.length === 0} onClick={() => void sendCommand({ type: 'queue.lowerAll', payload: {} })}>
          {ts('mod.lowerAll')}
        </button>
        <label class="select-inline">
          <span>{ts('mod.order')}</span>
          <select
            value={q.order}
            onChange={(e) => void sendCommand({ type: 'queue.setOrder', payload: { order: e.currentTarget.value === 'balanced' ? 'balanced' : 'firstCome' } })}
          >
            <option value="firstCome">{ts('mod.order.firstCome')}</option>
            <option value="balanced">{ts('mod.order.balanced')}</option>
          </select>
        </label>
      </div>
      <QueueOrderRule />
      <p class="muted small">{reorderable ? ts('mod.reorderHint') : ts('mod.balancedHint')}</p>
      <SpeakingBalance />
      {q.hands.length === 0 ? (
        <p class="muted">{t('queue.empty')}</p>
      ) : (
        <ol class="queue" data-testid="mod-queue">
          {q.hands.map((hand, i) => (
            <QueueRow key={keyOf(hand)} hand={hand} index={i} count={q.hands.length} reorderable={reorderable} dragging={dragging} onDrag={setDragging} />
          ))}
        </ol>
      )}
    </section>
  );
}
