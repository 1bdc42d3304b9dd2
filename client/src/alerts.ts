/**
 * What a person must not miss: "you have the floor" (the floor dialog, an assertive
 * announcement, an optional chime, a vibration on phones, a flashing tab title) and changes of their place in the queue
 * (polite announcement). Driven by the replicated state, so it holds after a reload.
 */
import { effect, signal } from '@preact/signals';
import { ordinal, t } from './i18n/index.ts';
import { chime, unlockSound } from './sound.ts';
import { eventState, lang, myPosition, myTurn, soundOn } from './store.ts';

export const politeAnnouncement = signal('');
export const assertiveAnnouncement = signal('');
/**
 * The turn just given to this person, until they acknowledge it: the floor dialog shows and
 * the title flashes. Never set from the first snapshot, so a reload mid-turn does not call again.
 */
export const floorCall = signal<string | null>(null);
/** Which of the two titles a flashing tab shows. */
const titleFlash = signal(false);
const FLASH_MS = 1000;

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

  // A browser plays sound only after a gesture on the page: with the sound on from an earlier
  // visit, the person's first click or key after a reload unlocks it for the chime.
  const unlock = () => {
    if (soundOn.peek()) unlockSound();
  };
  document.addEventListener('pointerdown', unlock, { once: true });
  document.addEventListener('keydown', unlock, { once: true });

  const stopFloor = effect(() => {
    if (!eventState.value) return;
    const turn = myTurn.value;
    const key = turn ? `${turn.segmentId}:${turn.startedAt}` : null;
    if (lastTurn !== undefined && key !== lastTurn) {
      floorCall.value = key;
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

  // An announcement already made was in the language of its moment: after a switch none is left in the old one (WD10).
  let announcedIn = lang.peek();
  const stopLanguage = effect(() => {
    if (lang.value === announcedIn) return;
    announcedIn = lang.value;
    politeAnnouncement.value = '';
    assertiveAnnouncement.value = '';
  });

  // A title that alternates catches the eye of someone in another tab; it stops once they answer.
  const stopFlash = effect(() => {
    if (!floorCall.value) return;
    const timer = setInterval(() => (titleFlash.value = !titleFlash.peek()), FLASH_MS);
    return () => {
      clearInterval(timer);
      titleFlash.value = false;
    };
  });

  const stopTitle = effect(() => {
    const title = eventState.value?.title || 'Gavel';
    const floorTitle = titleFlash.value ? `🔔 ${t('floor.youHaveTheFloor').toUpperCase()}` : `▶ ${t('floor.youHaveTheFloor')} · ${title}`;
    document.title = myTurn.value ? floorTitle : title;
  });

  return () => {
    document.removeEventListener('pointerdown', unlock);
    document.removeEventListener('keydown', unlock);
    stopFloor();
    stopQueue();
    stopFlash();
    stopTitle();
    stopLanguage();
  };
}
