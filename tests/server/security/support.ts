/** What the security tests share: an event with every role on its roster, registration, and reading JSON errors. */

import type { SecurityOverrides } from '../../../server/security/options.ts';
import type { Registration } from '../../../shared/protocol.ts';
import { DEFAULT_TEMPLATE, type Template, TemplateSchema } from '../../../shared/template.ts';
import { register as postRegistration, type Registered, registered as registeredWith } from '../../support/register.ts';
import { startServer, type TestServer } from '../../support/server.ts';

export const MODERATOR = 'kemo-camara';
export const SPEAKER = 'peter-kwok';
export const NOTE_TAKER = 'nadia-osei';
export const STAGE = 'stage';

/** The seed event plus a note-taker, so that every role of the permission table is on the roster. */
export function templateWithEveryRole(id: string): Template {
  return TemplateSchema.parse({
    ...DEFAULT_TEMPLATE,
    id,
    people: [
      ...DEFAULT_TEMPLATE.people,
      { key: NOTE_TAKER, name: 'Nadia Osei', role: 'noteTaker', community: 'Ghanaian diaspora', region: 'africa', country: 'Germany' },
    ],
  });
}

/** A node with the real (production) limits, unless a test overrides some. */
export function startGuardedServer(security: SecurityOverrides = {}): Promise<TestServer> {
  return startServer({ security, template: templateWithEveryRole('guarded') });
}

export const FORM: Registration = {
  name: 'Amina Diallo',
  community: 'Senegalese diaspora',
  region: 'africa',
  country: 'France',
  organisation: 'Teranga e.V.',
  consentToBeNamed: true,
};

/** Register `FORM` with some fields changed; the answer as it came. */
export function register(url: string, eventId: string, form: Partial<Registration> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return postRegistration(url, eventId, { ...FORM, ...form }, headers);
}

/** Register `FORM` with some fields changed, and insist it worked. */
export function registered(url: string, eventId: string, form: Partial<Registration> = {}): Promise<Registered> {
  return registeredWith(url, eventId, { ...FORM, ...form });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface ErrorBody {
  error: { code: string; message: string; retryAfterMs?: number };
}

export async function errorOf(res: Response): Promise<ErrorBody['error']> {
  return ((await res.json()) as ErrorBody).error;
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
