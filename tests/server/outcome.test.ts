/** The outcome routes, the export, data deletion and bad input, through a real node and real sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventState } from '../../shared/state.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('contributions, outcome and export over the wire', () => {
  let server: TestServer;
  let moderator: TestClient;
  let amina: TestClient;
  let aminaToken: string;
  let kofi: TestClient;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const hostState = (): EventState => server.app.registry.get(server.eventId)!.state;
  const outcomeUrl = (ext: string, query = '') => `${server.url}/api/events/${server.eventId}/outcome.${ext}${query}`;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    const a = await server.register({ name: 'Amina Yusuf', community: 'Somali diaspora', region: 'africa', country: 'Sweden', consentToBeNamed: true });
    aminaToken = a.token;
    amina = await server.connect(a.token);
    kofi = await server.connect(
      (await server.register({ name: 'Kofi Mensah', community: 'Ghanaian diaspora', region: 'africa', country: 'germany', consentToBeNamed: false })).token,
    );
  });
  afterAll(() => server.close());

  async function refused(client: TestClient, type: string, payload: unknown, code: string) {
    const before = structuredClone(hostState());
    const ack = await client.send(type, payload);
    expect(ack).toMatchObject({ ok: false, error: { code } });
    if (!ack.ok) expect(ack.error.message.length).toBeGreaterThan(0);
    const after = hostState();
    expect({ ...after, seq: 0 }).toEqual({ ...before, seq: 0 });
  }

  it('J1: each registration counts once in the figures, by region and country, naming no one', () => {
    expect(hostState().registrations).toEqual({ total: 2, byRegion: { africa: 2, asia: 0, europe: 0, other: 0 }, byCountry: { Sweden: 1, Germany: 1 } });
    expect(JSON.stringify(hostState().registrations)).not.toContain('Kofi');
  });

  it('J1: nobody appends a join from a socket, not even a moderator', () =>
    refused(moderator, 'people.join', { personId: 'p_fake', region: 'asia', country: 'Japan' }, 'forbidden'));

  it('K1: oversized or empty texts are refused with a clear message; HTML is kept as harmless text', async () => {
    await refused(amina, 'contributions.post', { kind: 'practice', title: 't'.repeat(121), text: 'x' }, 'bad_request');
    await refused(amina, 'contributions.post', { kind: 'practice', title: '', text: 'x' }, 'bad_request');
    await refused(amina, 'contributions.post', { kind: 'practice', title: 'x', text: 'y'.repeat(5001) }, 'bad_request');
    await refused(amina, 'questions.ask', { text: 'q'.repeat(301) }, 'bad_request');
    const ack = await amina.send('contributions.post', { kind: 'practice', title: 'x', text: 'y'.repeat(5001) });
    if (!ack.ok) expect(ack.error.message).toContain('5000');
    await amina.must('contributions.post', {
      kind: 'practice',
      title: '<script>alert(1)</script>',
      text: '<img src=x onerror=alert(1)>',
      link: 'https://example.org/?a=<b>',
    });
    expect(hostState().contributions.items.at(-1)!.title).toBe('<script>alert(1)</script>');
  });

  it('K3, K5: endorsing twice and editing someone else’s contribution are refused', async () => {
    const id = hostState().contributions.items.at(-1)!.id;
    await kofi.must('contributions.endorse', { contributionId: id });
    await refused(kofi, 'contributions.endorse', { contributionId: id }, 'already_endorsed');
    await refused(kofi, 'contributions.edit', { contributionId: id, title: 'Mine now' }, 'forbidden');
    await refused(kofi, 'contributions.hide', { contributionId: id, reason: 'I do not like it' }, 'forbidden');
    await kofi.must('contributions.post', { kind: 'collaboration', title: 'Shared shipping to Accra', text: 'Space in our containers' });
  });

  it('V3: answering a closed proposal is refused', async () => {
    await moderator.must('event.start');
    await moderator.must('proposals.add', { text: 'Meet again in June' });
    const proposalId = hostState().proposals.items[0]!.id;
    await moderator.must('proposals.show', { proposalId });
    await amina.must('proposals.vote', { proposalId, answer: 'agree' });
    await moderator.must('proposals.close', { proposalId });
    await refused(kofi, 'proposals.vote', { proposalId, answer: 'agree' }, 'voting_closed');
  });

  it('O7: the moderators’ document needs a moderator; participants and strangers are refused', async () => {
    expect((await fetch(outcomeUrl('md'))).status).toBe(401);
    const forbidden = await fetch(outcomeUrl('html'), { headers: auth(aminaToken) });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await fetch(outcomeUrl('md', '?version=public'), { headers: auth(aminaToken) })).status).toBe(403);
    expect((await fetch(outcomeUrl('md', '?version=everything'), { headers: auth(server.tokenOf('kemo-camara')) })).status).toBe(400);
    const other = await fetch(`${server.url}/api/events/nope/outcome.md`, { headers: auth(server.tokenOf('kemo-camara')) });
    expect(other.status).toBe(404);
  });

  it('O8: the HTML is served with a policy that allows its own stylesheet and nothing else, and escapes every user string', async () => {
    const res = await fetch(outcomeUrl('html', '?download=1'), { headers: auth(server.tokenOf('kemo-camara')) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${server.eventId}-outcome.html"`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Kofi Mensah'); // moderators see every name…
    const md = await (await fetch(outcomeUrl('md', '?version=public'), { headers: auth(server.tokenOf('kemo-camara')) })).text();
    expect(md).toContain('Amina Yusuf');
    expect(md).not.toContain('Kofi'); // …the public preview only the consented ones
  });

  it('O7: publishing the public version is one command; unpublishing takes it down again', async () => {
    await refused(amina, 'outcome.setPublic', { public: true }, 'forbidden');
    await moderator.must('outcome.setPublic', { public: true });
    const res = await fetch(outcomeUrl('html', '?version=public'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${server.eventId}-outcome-public.html"`);
    await moderator.must('outcome.setPublic', { public: false });
    expect((await fetch(outcomeUrl('html', '?version=public'))).status).toBe(401);
  });

  it('X1: only moderators export the event', async () => {
    expect((await fetch(`${server.url}/api/events/${server.eventId}/export.json`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/events/${server.eventId}/export.json`, { headers: auth(aminaToken) })).status).toBe(403);
  });

  it('X2: a moderator deletes a participant’s data on request: “Former participant” everywhere, the record stays, the export forgets them', async () => {
    const kofiId = kofi.self!.id;
    await kofi.must('chat.send', { text: 'Please delete my data after the event' });
    await kofi.must('contributions.post', { kind: 'need', title: 'Laptops for a school', text: 'Twenty laptops for a school in Kumasi' });
    const participantTry = await fetch(`${server.url}/api/events/${server.eventId}/people/${kofiId}`, { method: 'DELETE', headers: auth(aminaToken) });
    expect(participantTry.status).toBe(403);
    const res = await fetch(`${server.url}/api/events/${server.eventId}/people/${kofiId}`, { method: 'DELETE', headers: auth(server.tokenOf('kemo-camara')) });
    expect(res.status).toBe(204);
    await moderator.caughtUp(hostState().seq);
    const state = moderator.state;
    const post = state.contributions.items.find((c) => c.title === 'Laptops for a school')!;
    expect(post.author.name).toBe('Former participant');
    expect(state.chat.messages.find((m) => m.text === 'Please delete my data after the event')?.author.name).toBe('Former participant');
    const exported = await (await fetch(`${server.url}/api/events/${server.eventId}/export.json`, { headers: auth(server.tokenOf('kemo-camara')) })).text();
    expect(exported).not.toContain('Kofi');
    expect(exported).toContain('Twenty laptops for a school in Kumasi');
    const again = await fetch(`${server.url}/api/events/${server.eventId}/people/${kofiId}`, {
      method: 'DELETE',
      headers: auth(server.tokenOf('kemo-camara')),
    });
    expect(again.status).toBe(404);
    const md = await (await fetch(outcomeUrl('md'), { headers: auth(server.tokenOf('kemo-camara')) })).text();
    expect(md).not.toContain('Kofi');
    expect(md).toContain('Former participant');
  });
});
