/** The REST calls of the outcome document, the export and data deletion; downloads go through a blob (the token stays in a header). */
import { ApiError } from '../api.ts';
import type { ErrorCode } from '../../../shared/constants.ts';

const base = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}`;

export type OutcomeVersion = 'moderators' | 'public';

async function fail(res: Response): Promise<never> {
  const error = ((await res.json().catch(() => null)) as { error?: { code?: ErrorCode; message?: string } } | null)?.error;
  throw new ApiError(error?.code ?? 'internal', error?.message ?? `HTTP ${res.status}`, res.status);
}

async function get(path: string, token: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError('network', 'the server cannot be reached', 0);
  }
  if (!res.ok) return fail(res);
  return res.blob();
}

/** Save a blob under `name` through a temporary link: the browser's own download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function outcomePath(eventId: string, format: 'md' | 'html', version: OutcomeVersion): string {
  return `${base(eventId)}/outcome.${format}${version === 'public' ? '?version=public' : ''}`;
}

export async function downloadOutcome(eventId: string, token: string, format: 'md' | 'html', version: OutcomeVersion): Promise<void> {
  const blob = await get(outcomePath(eventId, format, version), token);
  saveBlob(blob, `${eventId}-outcome${version === 'public' ? '-public' : ''}.${format}`);
}

export async function downloadExport(eventId: string, token: string): Promise<void> {
  saveBlob(await get(`${base(eventId)}/export.json`, token), `${eventId}-export.json`);
}

export interface DirectoryPerson {
  personId: string | null;
  name: string;
  community: string;
  country: string;
}

export async function fetchDirectory(eventId: string, token: string): Promise<DirectoryPerson[]> {
  const blob = await get(`${base(eventId)}/people?limit=200`, token);
  const page = JSON.parse(await blob.text()) as { people: DirectoryPerson[] };
  return page.people.map(({ personId, name, community, country }) => ({ personId, name, community, country }));
}

export async function deletePersonData(eventId: string, token: string, personId: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${base(eventId)}/people/${encodeURIComponent(personId)}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError('network', 'the server cannot be reached', 0);
  }
  if (!res.ok) await fail(res);
}
