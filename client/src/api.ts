/** The REST API: public event info, registration, one's own registration, chat history pages, invite links. */
import type { ChatPage, InviteLinks, MyRegistration, PublicEvent, Registered } from '../../shared/api.ts';
import type { ErrorCode } from '../../shared/constants.ts';
import type { Registration } from '../../shared/protocol.ts';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status: number,
    /** A `rate_limited` refusal: when to try again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Every call of the client: the token as a bearer header, a refusal as an `ApiError` with the server's code. */
export async function send(path: string, init: { method?: string; token?: string | null; body?: unknown; accept?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.accept) headers.accept = init.accept;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch {
    throw new ApiError('network', 'the server cannot be reached', 0);
  }
  if (!res.ok) {
    const error = ((await res.json().catch(() => null)) as { error?: { code?: ErrorCode; message?: string; retryAfterMs?: number } } | null)?.error;
    throw new ApiError(error?.code ?? 'internal', error?.message ?? `HTTP ${res.status}`, res.status, error?.retryAfterMs);
  }
  return res;
}

/** A JSON call (see `send`); an empty answer is `null`. */
export async function request<T>(path: string, init: { method?: string; token?: string | null; body?: unknown } = {}): Promise<T> {
  const res = await send(path, { ...init, accept: 'application/json' });
  return (await res.json().catch(() => null)) as T;
}

export const eventPath = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}`;

export function fetchPublicEvent(eventId: string): Promise<PublicEvent> {
  return request(eventPath(eventId));
}

export function registerForEvent(eventId: string, form: Registration): Promise<Registered> {
  return request(`${eventPath(eventId)}/register`, { method: 'POST', body: form });
}

export function fetchChatPage(eventId: string, token: string, before: number, limit = 50): Promise<ChatPage> {
  return request(`${eventPath(eventId)}/chat?before=${before}&limit=${limit}`, { token });
}

export function fetchInviteLinks(eventId: string, token: string): Promise<InviteLinks> {
  return request(`${eventPath(eventId)}/links`, { token });
}

export function fetchMyRegistration(token: string): Promise<MyRegistration> {
  return request('/api/me', { token });
}

/** S9: the person's registration is deleted; their token dies with it. */
export async function deleteMyRegistration(token: string): Promise<void> {
  await request('/api/me', { method: 'DELETE', token });
}
