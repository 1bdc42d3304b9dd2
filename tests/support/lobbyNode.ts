/** Shared set-up for the attack tests: a node with a lobby-capable event, a moderator, REST helpers. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AppDeps } from '../../server/app.ts';
import { FileAuthStore } from '../../server/auth/file.ts';
import type { AuthStore } from '../../server/auth/types.ts';
import type { LobbyPage, Registered, RegistrationInfo } from '../../shared/api.ts';
import { MODERATOR, templateWithEveryRole } from '../server/security/support.ts';
import type { TestClient } from './client.ts';
import { participantForm, register } from './register.ts';
import { startServer, TEST_LIMITS, type TestServer } from './server.ts';

export const tmpDirs: string[] = [];

export function fileStore(): Promise<AuthStore> {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-attack-'));
  tmpDirs.push(dir);
  return FileAuthStore.open(dir);
}

export interface Node {
  server: TestServer;
  moderator: TestClient;
  api(path: string, token: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  asModerator(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  registerFrom(address: string, form?: object): Promise<Response>;
  registeredFrom(address: string, form?: object): Promise<Registered>;
  /** Turn the lobby on or off (S46); the settings as the node answers them. */
  setLobby(lobby: boolean): Promise<RegistrationInfo>;
  lobby(): Promise<LobbyPage>;
}

let people = 0;

export async function startNode(auth?: AuthStore, id = 'attack', extra: Partial<AppDeps> = {}): Promise<Node> {
  const server = await startServer({ ...extra, ...(auth ? { auth } : {}), security: { ...TEST_LIMITS, trustProxy: 1 }, template: templateWithEveryRole(id) });
  const moderator = await server.connect(server.tokenOf(MODERATOR));
  await moderator.must('event.start');
  const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${server.url}/api/events/${server.eventId}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const asModerator = (path: string, init?: { method?: string; body?: unknown }) => api(path, server.tokenOf(MODERATOR), init);
  const registerFrom = (address: string, form = {}) => register(server.url, server.eventId, participantForm(++people, form), { 'x-forwarded-for': address });
  const registeredFrom = async (address: string, form = {}) => {
    const res = await registerFrom(address, form);
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Registered;
  };
  const setLobby = async (lobby: boolean) => {
    const res = await asModerator('/registration', { method: 'PUT', body: { open: true, lobby } });
    if (res.status !== 200) throw new Error(`lobby: ${res.status}`);
    return (await res.json()) as RegistrationInfo;
  };
  const lobby = async () => (await (await asModerator('/lobby')).json()) as LobbyPage;
  return { server, moderator, api, asModerator, registerFrom, registeredFrom, setLobby, lobby };
}

/** After each test of the file: the raw sockets it opened are closed and its node is stopped. */
export function cleanUpAfterEach(current: () => Node | undefined, sockets: Array<{ close(): void }> = []): void {
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await current()?.server.close();
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Admit and decline each person at the same moment (S46): how many admissions answered yes, and who was declined. */
export async function raceAdmitAndDecline(node: Node, personIds: readonly string[]): Promise<{ admitted: number; declined: string[] }> {
  let admitted = 0;
  const declined: string[] = [];
  await Promise.all(
    personIds.map(async (personId, i) => {
      const admit = () => node.asModerator('/lobby/admit', { method: 'POST', body: { personIds: [personId] } });
      const decline = () => node.asModerator('/lobby/decline', { method: 'POST', body: { personId } });
      // Half the races start with the decline, half with the admission.
      const [a, d] = i % 2 === 0 ? await Promise.all([admit(), decline()]) : (await Promise.all([decline(), admit()])).reverse();
      admitted += ((await a!.json()) as { admitted: number }).admitted;
      if (d!.status === 204) declined.push(personId);
    }),
  );
  return { admitted, declined };
}

/**
 * Register from a fresh address and open a socket while a moderator admits the registration at
 * about the same moment, `stagger` ms into the handshake (S46). Resolves to whether the socket was
 * left waiting: still connected, told only "waiting", once its handshake and the admission have
 * both had time to land (a socket that never even connected within that time counts as left too).
 */
export async function leftWaitingAfterAdmission(node: Node, address: string, stagger: number, sockets: Array<{ close(): void }>): Promise<boolean> {
  const { io } = await import('socket.io-client');
  const person = await node.registeredFrom(address);
  const socket = io(node.server.url, { auth: { token: person.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const heard: string[] = [];
  socket.on('notice', (n: { code: string }) => heard.push(n.code));
  socket.on('snapshot', () => heard.push('snapshot'));
  await sleep(stagger);
  await node.asModerator('/lobby/admit', { method: 'POST', body: { personIds: [person.personId] } });
  // Settled: let in (a snapshot), or told "admitted" and closed. Waited for, not guessed at.
  const until = Date.now() + 5_000;
  while (Date.now() < until && !heard.includes('snapshot') && !(heard.includes('admitted') && !socket.connected)) await sleep(10);
  return !heard.includes('snapshot') && !heard.includes('admitted');
}

/** Resolves once `test` holds, polling; throws after `timeoutMs` saying `what` it waited for. */
export async function eventually(test: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
