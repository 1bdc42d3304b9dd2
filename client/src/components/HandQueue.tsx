/** The queue as everyone sees it: the ledger's order, the person's own hand marked, the order rule and why a place changed (Q11). */
import type { Hand } from '../../../shared/state.ts';
import { t } from '../i18n/index.ts';
import { lazy } from '../lazy.tsx';
import { queue, self, status } from '../store.ts';
import { PersonLine } from './PersonLine.tsx';
import { UserText } from './UserText.tsx';

const SHOWN = 20;

export function HandBadge({ hand }: { hand: Hand }) {
  if (hand.kind === 'pointOfOrder') return <span class="badge badge--poo">{t('queue.kind.pointOfOrder')}</span>;
  if (hand.restored) return <span class="badge">{t('queue.kind.restored')}</span>;
  return null;
}

const LazyPlaceReason = lazy<{ index: number }>(() => import('./PlaceReason.tsx').then((m) => m.PlaceReason), { quiet: true });

/** The line under a hand whose place balanced order changed (Q11); first come never moves a hand unasked. */
export function PlaceReasonLine({ index }: { index: number }) {
  return queue.value?.order === 'balanced' ? <LazyPlaceReason index={index} /> : null;
}

/** The order rule in force, in one line (Q11). */
export function QueueOrderRule() {
  const order = queue.value?.order;
  if (!order) return null;
  return (
    <p class="muted small" data-testid="queue-rule">
      {order === 'balanced' ? t('queue.rule.balanced') : t('queue.rule.firstCome')}
    </p>
  );
}

export function HandQueue() {
  const q = queue.value;
  const me = self.value;
  // After the end nothing on the page implies the event goes on (E6).
  if (!q || status.value === 'ended') return null;
  const shown = q.hands.slice(0, SHOWN);
  const mineBeyond = q.hands.findIndex((h) => h.person.id === me?.id) >= SHOWN;
  return (
    <section class="card" aria-labelledby="queue-heading">
      <div class="card__head">
        <h2 id="queue-heading">
          {t('queue.heading')} <span class="count">{q.hands.length}</span>
        </h2>
        <span class={`badge ${q.open ? 'badge--open' : 'badge--closed'}`}>{q.open ? t('queue.open') : t('queue.closed')}</span>
      </div>
      <QueueOrderRule />
      {q.hands.length === 0 ? (
        <p class="muted">{t('queue.empty')}</p>
      ) : (
        <ol class="queue" data-testid="queue">
          {shown.map((hand, i) => (
            <li key={`${hand.person.id}:${hand.kind}`} class={`queue__item${hand.person.id === me?.id ? ' queue__item--mine' : ''}`}>
              <span class="queue__pos">{i + 1}</span>
              <div class="queue__who">
                <PersonLine person={hand.person} you={hand.person.id === me?.id} />
                {hand.topic && (
                  <span class="queue__topic">
                    <UserText>{hand.topic}</UserText>
                  </span>
                )}
                <PlaceReasonLine index={i} />
              </div>
              <HandBadge hand={hand} />
            </li>
          ))}
        </ol>
      )}
      {q.hands.length > SHOWN && (
        <p class="muted small">
          {t('queue.more', { n: q.hands.length - SHOWN })}
          {mineBeyond ? ` ${t('queue.yoursBelow')}` : ''}
        </p>
      )}
    </section>
  );
}
