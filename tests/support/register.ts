/** Registering through the REST API, as the registration form does: one fetch for every test. */
import type { Registration } from '../../shared/protocol.ts';

export interface Registered {
  token: string;
  personId: string;
}

/** POST a registration form to an event on the node at `url`; the answer as it came. */
export function register(url: string, eventId: string, form: Partial<Registration>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/events/${eventId}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(form),
  });
}

/** Register and insist it worked. */
export async function registered(url: string, eventId: string, form: Partial<Registration>): Promise<Registered> {
  const res = await register(url, eventId, form);
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Registered;
}

/** The form of the `n`th anonymous test participant: consenting, from Belgium. */
export function participantForm(n: number, form: Partial<Registration> = {}): Partial<Registration> {
  return { name: `Participant ${n}`, community: 'Test diaspora', region: 'africa', country: 'Belgium', consentToBeNamed: true, ...form };
}
