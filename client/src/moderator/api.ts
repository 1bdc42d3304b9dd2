/** The moderator's REST calls for managing people (S4, S6), through the client's one fetch helper. */
import type { RegistrationInfo, RegistrationSettingsRequest, ReissuedLink, Revoked } from '../../../shared/api.ts';
import { eventPath, request } from '../api.ts';

/** S4: every token of the person dies and their open screens are told; resolves to how many tokens died. */
export async function revokeLink(eventId: string, token: string, personId: string): Promise<number> {
  const { revoked } = await request<Revoked>(`${eventPath(eventId)}/people/${encodeURIComponent(personId)}/revoke`, { method: 'POST', token });
  return revoked;
}

/** S4: the old link dies, a new one signs the same person in with the same role. */
export function reissueLink(eventId: string, token: string, personId: string): Promise<ReissuedLink> {
  return request(`${eventPath(eventId)}/links/${encodeURIComponent(personId)}/reissue`, { method: 'POST', token });
}

/** S6: `passcode` sets a new one, null removes it, absent keeps the current one. */
export function saveRegistrationSettings(eventId: string, token: string, settings: RegistrationSettingsRequest): Promise<RegistrationInfo> {
  return request(`${eventPath(eventId)}/registration`, { method: 'PUT', token, body: settings });
}
