/**
 * S16: a link that would sign this browser in as someone else asks first. Until the person
 * answers, nobody is signed in on this page and the kept token stays as it was.
 */
import { signal } from '@preact/signals';
import { fetchMyRegistration } from './api.ts';
import { connectToEvent } from './connection.ts';
import { afterLookup, type Holder, storeToken } from './route.ts';
import { session } from './store.ts';

export interface LinkQuestion {
  eventId: string;
  current: Holder;
  offered: Holder;
}

/** 'checking' while both tokens are looked up; then the question, or null once answered (or never asked). */
export const linkQuestion = signal<'checking' | LinkQuestion | null>(null);

async function holderOf(token: string): Promise<Holder | null> {
  try {
    const me = await fetchMyRegistration(token);
    return { token, personId: me.personId, name: me.profile.name };
  } catch {
    return null;
  }
}

/** Sign this page in with `token` for `eventId`. */
export function signIn(eventId: string, token: string): void {
  session.value = { eventId, token };
  connectToEvent(token);
}

/** Look up whom each token signs in, then sign in or ask. */
export async function checkLink(eventId: string, current: string, offered: string): Promise<void> {
  linkQuestion.value = 'checking';
  const [who, whom] = await Promise.all([holderOf(current), holderOf(offered)]);
  const next = afterLookup(who, whom);
  if (next === 'ask' && who && whom) {
    linkQuestion.value = { eventId, current: who, offered: whom };
    return;
  }
  linkQuestion.value = null;
  if (next === 'switch') {
    storeToken(eventId, offered);
    signIn(eventId, offered);
  } else {
    signIn(eventId, current);
  }
}

/** The person's answer: `switch` keeps the link's token from now on; `keep` leaves everything as it was. */
export function answerLink(question: LinkQuestion, answer: 'keep' | 'switch'): void {
  linkQuestion.value = null;
  if (answer === 'switch') storeToken(question.eventId, question.offered.token);
  signIn(question.eventId, answer === 'switch' ? question.offered.token : question.current.token);
}
