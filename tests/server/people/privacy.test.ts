/**
 * Personal data as consent allows (S10), and a participant who sees and deletes their own
 * registration (S9): on every screen, in the history pages, in the directory, on disk.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../../server/auth/file.ts';
import { MemoryLedger } from '../../../server/ledger/memory.ts';
import type { DirectoryView } from '../../../shared/api.ts';
import { FORMER_PARTICIPANT } from '../../../shared/reducer/people.ts';
import type { ChatMessage } from '../../../shared/state.ts';
import { projectedFor } from '../../support/projected.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { bearer, FORM, MODERATOR, registered, SPEAKER, templateWithEveryRole } from '../security/support.ts';

describe('privacy', () => {
  let server: TestServer;
  let modToken: string;
  const ledger = new MemoryLedger();
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-privacy-'));

  beforeAll(async () => {
    server = await startServer({ ledger, auth: await FileAuthStore.open(dataDir), template: templateWithEveryRole('privacy') });
    modToken = server.tokenOf(MODERATOR);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const directory = async (token: string) =>
    (await (await fetch(`${server.url}/api/events/${server.eventId}/people?limit=200`, { headers: bearer(token) })).json()) as DirectoryView;

  it('S10: the directory names those who consented; others appear as "Participant" with their region only, and no id', async () => {
    const named = await registered(server.url, server.eventId, { name: 'Named Person', consentToBeNamed: true });
    const hidden = await registered(server.url, server.eventId, {
      name: 'Hidden Person',
      community: 'Tamil diaspora',
      country: 'Canada',
      organisation: 'Secret Org',
      region: 'asia',
      consentToBeNamed: false,
    });
    const view = await directory(named.token);
    expect(view.people.find((p) => p.personId === named.personId)).toMatchObject({ name: 'Named Person', named: true, community: FORM.community });
    const anonymous = view.people.filter((p) => !p.named);
    expect(anonymous).toEqual([
      { personId: null, role: 'participant', named: false, name: 'Participant', community: '', region: 'asia', country: '', organisation: '' },
    ]);
    const text = JSON.stringify(view);
    for (const secret of ['Hidden Person', 'Tamil diaspora', 'Canada', 'Secret Org', hidden.personId]) expect(text).not.toContain(secret);
  });

  it('S10: a person sees themselves in full; moderators see every registration (they run the event)', async () => {
    const hidden = await registered(server.url, server.eventId, { name: 'Quiet Person', consentToBeNamed: false });
    expect((await directory(hidden.token)).people.find((p) => p.personId === hidden.personId)).toMatchObject({ name: 'Quiet Person', named: false });
    expect((await directory(modToken)).people.find((p) => p.personId === hidden.personId)).toMatchObject({ name: 'Quiet Person', named: false });
  });

  it('S9: a participant sees their own registration', async () => {
    const me = await registered(server.url, server.eventId, { name: 'Self Viewer', organisation: 'Teranga e.V.' });
    const res = await fetch(`${server.url}/api/me`, { headers: bearer(me.token) });
    expect(await res.json()).toMatchObject({
      personId: me.personId,
      role: 'participant',
      profile: { name: 'Self Viewer', organisation: 'Teranga e.V.', consentToBeNamed: true },
    });
  });

  it('S9: deleting one’s registration: the name leaves every screen and the history, the token dies, the profile leaves the disk', async () => {
    const moderator = await server.connect(modToken);
    const leaver = await registered(server.url, server.eventId, {
      name: 'Leaving Person',
      community: 'Eritrean diaspora',
      country: 'Norway',
      organisation: 'Habesha Help',
    });
    const [tab, otherTab] = [await server.connect(leaver.token), await server.connect(leaver.token)];
    await moderator.must('event.start');
    await tab.must('chat.send', { text: 'Greetings from Oslo' });
    await tab.must('queue.raise', { topic: 'remittances' });
    const before = (await directory(modToken)).total;
    const closed = new Promise<void>((resolve) => otherTab.socket.once('disconnect', () => resolve()));

    const res = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer(leaver.token) });
    expect(res.status).toBe(204);
    await closed;
    // Told why: deleted, not revoked, so the page can offer the form again.
    expect(otherTab.notices.map((n) => n.code)).toEqual(['deleted']);

    // Every screen agrees: no hand, and the chat shows a former participant.
    const host = server.app.registry.get(server.eventId)!;
    await moderator.caughtUp(host.state.seq);
    expect(moderator.state).toEqual(projectedFor(host, moderator));
    expect(host.state.queue.hands.some((h) => h.person.id === leaver.personId)).toBe(false);
    const message = host.state.chat.messages.find((m) => m.author.id === leaver.personId)!;
    expect(message).toMatchObject({ text: 'Greetings from Oslo', author: { name: FORMER_PARTICIPANT, community: '', country: '' } });
    // (Their country may remain as a count in the registration figures, which name no one.)
    for (const secret of ['Leaving Person', 'Eritrean diaspora', 'Habesha Help']) expect(JSON.stringify(host.state)).not.toContain(secret);

    // The history pages agree too.
    const page = (await (await fetch(`${server.url}/api/events/${server.eventId}/chat`, { headers: bearer(modToken) })).json()) as { messages: ChatMessage[] };
    expect(page.messages.find((m) => m.author.id === leaver.personId)?.author.name).toBe(FORMER_PARTICIPANT);

    // The token is dead, the directory no longer lists them, and the auth journal forgot them.
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(leaver.token) })).status).toBe(401);
    expect((await directory(modToken)).total).toBe(before - 1);
    const journal = readFileSync(join(dataDir, 'auth.jsonl'), 'utf8');
    for (const secret of ['Leaving Person', 'Eritrean diaspora', 'Habesha Help', leaver.personId]) expect(journal).not.toContain(secret);
    expect(journal).toContain('Self Viewer'); // everyone else is still there

    // The ledger keeps what happened: the removal is on record, with no secret in it.
    const entries = await ledger.read(server.eventId, 0, 100_000);
    expect(entries.at(-1)!.command).toEqual({ type: 'people.forget', payload: { personId: leaver.personId } });
    expect(JSON.stringify(entries)).not.toContain(leaver.token);
  });

  it('S9: the file auth store, reopened after a deletion, still knows everyone else and not the deleted person', async () => {
    const stays = await registered(server.url, server.eventId, { name: 'Stays Here' });
    const goes = await registered(server.url, server.eventId, { name: 'Goes Away' });
    expect((await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer(goes.token) })).status).toBe(204);
    const reopened = await FileAuthStore.open(dataDir);
    try {
      expect(await reopened.resolve(stays.token)).toMatchObject({ personId: stays.personId });
      expect(await reopened.resolve(goes.token)).toBeNull();
      expect(await reopened.person(server.eventId, goes.personId)).toBeNull();
      expect(await reopened.resolve(modToken)).toMatchObject({ personId: MODERATOR });
    } finally {
      await reopened.close();
    }
  });

  it('S9: people on the programme cannot delete themselves this way (the organisers manage the programme)', async () => {
    const res = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer(server.tokenOf(SPEAKER)) });
    expect(res.status).toBe(403);
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(server.tokenOf(SPEAKER)) })).status).toBe(200);
  });
});
