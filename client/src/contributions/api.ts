/** The REST calls of the outcome document, the export and data deletion; downloads go through a blob (the token stays in a header). */
import type { DirectoryEntry, DirectoryView } from '../../../shared/api.ts';
import { eventPath as base, request, send } from '../api.ts';

export type OutcomeVersion = 'moderators' | 'public';

async function get(path: string, token: string): Promise<Blob> {
  return (await send(path, { token })).blob();
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

export type DirectoryPerson = Pick<DirectoryEntry, 'personId' | 'name' | 'community' | 'country'>;

export async function fetchDirectory(eventId: string, token: string): Promise<DirectoryPerson[]> {
  const page = await request<DirectoryView>(`${base(eventId)}/people?limit=200`, { token });
  return page.people.map(({ personId, name, community, country }) => ({ personId, name, community, country }));
}

export async function deletePersonData(eventId: string, token: string, personId: string): Promise<void> {
  await send(`${base(eventId)}/people/${encodeURIComponent(personId)}`, { method: 'DELETE', token });
}
