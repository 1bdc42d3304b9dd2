/**
 * What a person must not miss: "you have the floor" (assertive announcement, an optional
 * chime, a vibration on phones, the tab title) and changes of their place in the queue
 * (polite announcement). Driven by the replicated state, so it holds after a reload.
 */
import { effect, signal } from '@preact/signals';
import { ordinal, t } from './i18n/index.ts';
import { chime } from './sound.ts';
import { eventState, myPosition, myTurn, soundOn } from './store.ts';

export const politeAnnouncement = signal('');
export const assertiveAnnouncement = signal('');

/** Clear, then set: a screen reader announces the same sentence twice in a row too. */
export function announce(text: string, assertive = false): void {
  const target = assertive ? assertiveAnnouncement : politeAnnouncement;
  target.value = '';
  setTimeout(() => (target.value = text), 60);
}

export function watchAlerts(): () => void {
  // undefined: no state yet. The first snapshot sets the baseline without an alarm.
  let lastTurn: string | null | undefined;
  let lastPosition: number | null | undefined;

  const stopFloor = effect(() => {
    if (!eventState.value) return;
    const turn = myTurn.value;
    const key = turn ? `${turn.segmentId}:${turn.startedAt}` : null;
    if (lastTurn !== undefined && key !== lastTurn) {
      if (key) {
        announce(t('floor.youHaveTheFloor'), true);
        if (soundOn.peek()) chime();
        navigator.vibrate?.([200, 100, 200]);
      } else if (lastTurn) {
        announce(t('floor.yourTurnEnded'));
      }
    }
    lastTurn = key;
  });

  const stopQueue = effect(() => {
    if (!eventState.value) return;
    const position = myPosition.value;
    if (lastPosition !== undefined && position !== lastPosition) {
      if (position !== null) announce(t('queue.youAre', { ordinal: ordinal(position) }));
      else if (!myTurn.peek()) announce(t('queue.handLowered'));
    }
    lastPosition = position;
  });

  const stopTitle = effect(() => {
    const title = eventState.value?.title || 'Gavel';
    document.title = myTurn.value ? `▶ ${t('floor.youHaveTheFloor')} · ${title}` : title;
  });

  return () => {
    stopFloor();
    stopQueue();
    stopTitle();
  };
}
