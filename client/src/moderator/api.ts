/** The staff's REST calls for managing people (S4, S6, S44-S47), through the client's one fetch helper. */
import type {
  AdmitRequest,
  Admitted,
  BlocksView,
  FlagsView,
  LobbyPage,
  RegistrationInfo,
  RegistrationSettingsRequest,
  ReissuedLink,
  Revoked,
} from '../../../shared/api.ts';
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

/** S6, S46: `passcode` sets a new one, null removes it, absent keeps the current one; `lobby` likewise (off lets everyone waiting in). */
export function saveRegistrationSettings(eventId: string, token: string, settings: RegistrationSettingsRequest): Promise<RegistrationInfo> {
  return request(`${eventPath(eventId)}/registration`, { method: 'PUT', token, body: settings });
}

/** S46: who waits in the lobby, oldest first (moderators and note-takers). */
export function fetchLobby(eventId: string, token: string, offset = 0, limit = 50): Promise<LobbyPage> {
  return request(`${eventPath(eventId)}/lobby?offset=${offset}&limit=${limit}`, { token });
}

/** S46: let some of those waiting in, or all of them; resolves to how many were still waiting and are now in. */
export async function admitFromLobby(eventId: string, token: string, who: AdmitRequest): Promise<number> {
  const { admitted } = await request<Admitted>(`${eventPath(eventId)}/lobby/admit`, { method: 'POST', token, body: who });
  return admitted;
}

/** S46: the registration is erased and its page told. */
export async function declineFromLobby(eventId: string, token: string, personId: string): Promise<void> {
  await request(`${eventPath(eventId)}/lobby/decline`, { method: 'POST', token, body: { personId } });
}

/** S47: registrations from the network of someone removed or muted, newest first (moderators and note-takers). */
export function fetchFlags(eventId: string, token: string): Promise<FlagsView> {
  return request(`${eventPath(eventId)}/flags`, { token });
}

/** S45: the networks removals blocked, newest first (moderators). */
export function fetchBlocks(eventId: string, token: string): Promise<BlocksView> {
  return request(`${eventPath(eventId)}/blocks`, { token });
}

/** S45: new registrations from the network of `personId` are accepted again (and still flagged, S47). */
export async function liftBlock(eventId: string, token: string, personId: string): Promise<void> {
  await request(`${eventPath(eventId)}/blocks/${encodeURIComponent(personId)}`, { method: 'DELETE', token });
}
