/**
 * The one signal store. The replicated event state comes from the replica; everything a
 * screen shows is derived from it (buttons included), never kept as a local flag.
 * Slices are `computed`: the reducer keeps the identity of untouched slices, so a chat
 * message does not re-render the queue.
 */
import { computed, signal } from '@preact/signals';
import { nextPanelist } from '../../shared/panel.ts';
import type { GavelError, PresenceCounts, Self } from '../../shared/protocol.ts';
import { queuePosition } from '../../shared/reducer/index.ts';
import type { ChatMessage, EventState, Segment } from '../../shared/state.ts';
import type { Language } from './i18n/messages.ts';
import { isLanguage, loadLanguage, pickLanguage } from './i18n/translate.ts';
import { readStored, writeStored } from './storage.ts';

export type ConnectionStatus =
  /** Before the first attempt. */
  | 'idle'
  | 'connecting'
  | 'online'
  /** Was online, lost the connection, trying again. */
  | 'reconnecting'
  /** The token was refused: the person must register again or get a new link. */
  | 'unauthorized'
  /** The server ended this session (link revoked, person removed). */
  | 'closed';

export const connection = signal<ConnectionStatus>('idle');
/** The event of this page and the person's token for it (null until registered or invited). */
export const session = signal<{ eventId: string; token: string } | null>(null);
/** The replica's state; replaced (never mutated) on every applied entry. */
export const eventState = signal<EventState | null>(null);
export const self = signal<Self | null>(null);
export const presence = signal<{ counts: PresenceCounts; total: number } | null>(null);
/** Add to `Date.now()` to read the server's clock (NTP-style, from the fastest ping). */
export const clockOffsetMs = signal(0);
/** Server time, ticking every 250 ms: the only signal timers read. */
export const serverNow = signal(Date.now());
export const lang = signal<Language>('en');
let browserLanguages: readonly string[] = [];
/**
 * The locale for dates and times: the browser's own tag when it is in the chosen language (en-GB writes 14:05, en-US 2:05 PM).
 * WD25: Arabic writes its times with the Western digits its timers, counters and typed numbers use, unless the browser asks otherwise.
 */
export const locale = computed(() => {
  const tag = browserLanguages.find((t) => t.toLowerCase().split('-')[0] === lang.value) ?? lang.value;
  return lang.value === 'ar' && !tag.includes('-u-') ? `${tag}-u-nu-latn` : tag;
});
/** The "you have the floor" beep; off until the person turns it on. */
export const soundOn = signal(false);
/** A notice from the server that ended or interrupts the session. */
export const serverNotice = signal<{ code: string; message: string; reason?: string } | null>(null);
/**
 * S46: this person's registration waits in the lobby (`waiting`), or was just let in and the
 * page is coming back in (`admitted`, until the snapshot); null once in, or with no lobby.
 */
export const lobby = signal<'waiting' | 'admitted' | null>(null);
/** S46, S47: how many wait in the lobby and how many registrations are flagged; staff sockets only, null for everyone else. */
export const moderation = signal<{ waiting: number; flagged: number } | null>(null);
/** The event's title from its public page, for screens shown before any snapshot (the lobby, a declined registration). */
export const publicTitle = signal<string | null>(null);

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  title: string;
  detail?: string;
  /** One thing to do about it ("Undo block"); the toast goes once it is done. */
  action?: { label: string; run: () => void };
}
export const toasts = signal<Toast[]>([]);

/** Chat pages older than the state's window, fetched on demand; oldest first. */
export const olderChat = signal<ChatMessage[]>([]);
/** Whether the server said there are more pages before `olderChat`. */
export const olderChatMore = signal<boolean | null>(null);

// ---- derived slices ----
export const role = computed(() => self.value?.role ?? null);
export const status = computed(() => eventState.value?.status ?? null);
export const agenda = computed(() => eventState.value?.agenda ?? null);
export const currentSegment = computed<Segment | null>(() => {
  const a = agenda.value;
  return a ? (a.segments[a.current] ?? null) : null;
});
export const queue = computed(() => eventState.value?.queue ?? null);
export const floor = computed(() => eventState.value?.floor ?? null);
export const chat = computed(() => eventState.value?.chat ?? null);
export const roster = computed(() => eventState.value?.roster ?? []);
/** In a panel segment, the panelist the panel order calls next (P5), with their name; null elsewhere. */
export const nextOnPanel = computed(() => {
  const state = eventState.value;
  const slot = state ? nextPanelist(state) : null;
  if (!slot) return null;
  return { personId: slot.personId, name: roster.value.find((p) => p.id === slot.personId)?.name ?? slot.personId };
});

/** The person's own raised hand, read from the replicated queue. */
export const myHand = computed(() => {
  const me = self.value;
  return queue.value?.hands.find((h) => h.person.id === me?.id && h.kind === 'hand') ?? null;
});
export const myPointOfOrder = computed(() => {
  const me = self.value;
  return queue.value?.hands.find((h) => h.person.id === me?.id && h.kind === 'pointOfOrder') ?? null;
});
export const myPosition = computed(() => {
  const state = eventState.value;
  const me = self.value;
  return state && me ? queuePosition(state, me.id, 'hand') : null;
});
/** The turn in progress when it is the person's own. */
export const myTurn = computed(() => {
  const turn = floor.value?.current ?? null;
  return turn && turn.person.id === self.value?.id ? turn : null;
});
export const isMuted = computed(() => {
  const me = self.value;
  return !!me && !!chat.value?.muted.includes(me.id);
});

// ---- settings kept on this device ----
const LANG_KEY = 'gavel:lang';
const SOUND_KEY = 'gavel:sound';

/**
 * The language: `?lang=` (stage displays), then the person's last choice, then the browser's.
 * Resolves once its table is loaded, so the first render is already in that language; English
 * (built in) when the table cannot be fetched.
 */
export async function initSettings(search: string, preferred: readonly string[]): Promise<void> {
  browserLanguages = preferred;
  soundOn.value = readStored(SOUND_KEY) === 'on';
  const fromQuery = new URLSearchParams(search).get('lang');
  const stored = readStored(LANG_KEY);
  const wanted = isLanguage(fromQuery) ? fromQuery : isLanguage(stored) ? stored : pickLanguage(preferred);
  try {
    await loadLanguage(wanted);
    lang.value = wanted;
  } catch {
    lang.value = 'en';
  }
}

let languageRequest = 0;

/** Switch once the language's table is loaded (no half-translated page); false when it could not be fetched. */
export async function setLanguage(next: Language): Promise<boolean> {
  const request = ++languageRequest;
  try {
    await loadLanguage(next);
  } catch {
    return false;
  }
  // A later choice, made while this table was loading, wins.
  if (request !== languageRequest) return true;
  lang.value = next;
  // A toast's words were written in the old language: they go with it, so nothing on the page is left in it (WD10).
  toasts.value = [];
  writeStored(LANG_KEY, next);
  return true;
}

export function setSound(on: boolean): void {
  soundOn.value = on;
  writeStored(SOUND_KEY, on ? 'on' : 'off');
}

let toastId = 0;

export function showToast(toast: Omit<Toast, 'id'>, ttlMs = 7000): void {
  const id = ++toastId;
  toasts.value = [...toasts.value.slice(-3), { ...toast, id }];
  setTimeout(() => dismissToast(id), ttlMs);
}

export function dismissToast(id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}

export type { GavelError };
