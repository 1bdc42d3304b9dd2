/**
 * Raise hand / Lower hand, with an optional topic, and the person's place ("you are 3rd").
 * Which button shows is read from the replicated queue, so a moderator's "lower all" flips it
 * on every screen.
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import { sendCommand } from '../connection.ts';
import { ordinal, t } from '../i18n/index.ts';
import { myHand, myPointOfOrder, myPosition, myTurn, queue, role, soundOn, status } from '../store.ts';
import { SoundToggle } from './Settings.tsx';

export function HandButton() {
  const [topic, setTopic] = useState('');
  const r = role.value;
  const hand = myHand.value;
  const q = queue.value;
  if (!r || !q || !canSend(r, 'queue.raise') || status.value === 'ended' || myTurn.value) return null;

  if (hand) {
    return (
      <section class="card hand hand--raised" aria-labelledby="hand-heading">
        <h2 id="hand-heading" class="hand__position" data-testid="my-position">
          <span aria-hidden="true">✋</span> {t('queue.youAre', { ordinal: ordinal(myPosition.value ?? 0) })}
        </h2>
        {hand.topic && <p class="muted">{t('queue.yourTopic', { topic: hand.topic })}</p>}
        {/* Turning the sound on is a click, which lets the browser play the chime later. */}
        {!soundOn.value && (
          <p class="hand__sound" data-testid="sound-offer">
            {t('queue.soundOffer')} <SoundToggle />
          </p>
        )}
        <button type="button" class="button button--big button--secondary" onClick={() => void sendCommand({ type: 'queue.lower', payload: { kind: 'hand' } })}>
          {t('queue.lower')}
        </button>
        <PointOfOrder />
      </section>
    );
  }

  return (
    <section class="card hand" aria-labelledby="hand-heading">
      <h2 id="hand-heading" class="sr-only">
        {t('queue.raiseHeading')}
      </h2>
      {q.open ? (
        <form
          class="hand__form"
          onSubmit={async (e) => {
            e.preventDefault();
            const ack = await sendCommand({ type: 'queue.raise', payload: { topic: topic.trim() } });
            if (ack.ok) setTopic('');
          }}
        >
          <label class="field">
            <span>{t('queue.topicLabel')}</span>
            <input
              type="text"
              value={topic}
              maxLength={LIMITS.topic}
              onInput={(e) => setTopic(e.currentTarget.value)}
              placeholder={t('queue.topicPlaceholder')}
            />
          </label>
          <button type="submit" class="button button--primary button--big">
            <span aria-hidden="true">✋</span> {t('queue.raise')}
          </button>
        </form>
      ) : (
        <p class="notice" role="status">
          <span aria-hidden="true">🔒</span> {t('queue.closedForYou')}
        </p>
      )}
      <PointOfOrder />
    </section>
  );
}

/** A point of order goes ahead of every hand; it needs a short note. */
function PointOfOrder() {
  const [note, setNote] = useState('');
  const r = role.value;
  const mine = myPointOfOrder.value;
  if (!r || !canSend(r, 'queue.pointOfOrder')) return null;
  if (mine) {
    return (
      <p class="hand__poo">
        {t('queue.pointOfOrderWaiting', { note: mine.topic })}{' '}
        <button type="button" class="link-button" onClick={() => void sendCommand({ type: 'queue.lower', payload: { kind: 'pointOfOrder' } })}>
          {t('queue.withdraw')}
        </button>
      </p>
    );
  }
  return (
    <details class="hand__poo">
      <summary>{t('queue.pointOfOrder')}</summary>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const ack = await sendCommand({ type: 'queue.pointOfOrder', payload: { note: note.trim() } });
          if (ack.ok) setNote('');
        }}
      >
        <label class="field">
          <span>{t('queue.pointOfOrderNote')}</span>
          <input type="text" required value={note} maxLength={LIMITS.pointOfOrderNote} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {t('queue.pointOfOrderSend')}
        </button>
      </form>
    </details>
  );
}
