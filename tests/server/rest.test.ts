/** The REST API as a browser and an organiser use it; each answer has the shape of its schema in shared/api.ts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPageSchema, DirectoryViewSchema, InviteLinksSchema, MyRegistrationSchema, PublicEventSchema } from '../../shared/api.ts';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { postEvent } from '../support/operator.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('REST API', () => {
  let server: TestServer;
  let moderatorToken: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startServer();
    moderatorToken = server.tokenOf('kemo-camara');
  });
  afterAll(() => server.close());

  it('H1: /healthz answers', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
  });

  it('H2: public event info shows the agenda and the speakers, and no token', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}`);
    const info = PublicEventSchema.parse(await res.json());
    expect(info.title).toBe(DEFAULT_TEMPLATE.title);
    expect(info.segments).toHaveLength(4);
    expect(info.roster.find((p) => p.name === 'Niloufar Rahim')?.bio).toMatch(/Kabul/);
    expect(JSON.stringify(info)).not.toContain(moderatorToken);
  });

  it('H3: registration returns a token that signs the person in as a participant', async () => {
    const { token, personId } = await server.register({ name: 'Amina', community: 'Somali diaspora', region: 'africa', country: 'Sweden' });
    expect(token.length).toBeGreaterThanOrEqual(43);
    const me = MyRegistrationSchema.parse(await (await fetch(`${server.url}/api/me`, { headers: auth(token) })).json());
    expect(me).toMatchObject({ personId, role: 'participant', profile: { name: 'Amina' } });
    const client = await server.connect(token);
    expect(client.self).toMatchObject({ id: personId, role: 'participant', name: 'Amina', region: 'africa' });
  });

  it('H4: the directory is paged and needs a token of the event', async () => {
    for (let i = 0; i < 5; i++) await server.register({ name: `Dir ${i}` });
    expect((await fetch(`${server.url}/api/events/${server.eventId}/people`)).status).toBe(401);
    const page = DirectoryViewSchema.parse(
      await (await fetch(`${server.url}/api/events/${server.eventId}/people?offset=1&limit=2`, { headers: auth(moderatorToken) })).json(),
    );
    expect(page.people).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(page)).not.toMatch(/token/i);
  });

  it('H5: chat history pages go back past the live window, deletions included', async () => {
    const client = await server.connect(moderatorToken);
    const ids: number[] = [];
    for (let i = 0; i < 230; i++) ids.push(await client.must('chat.send', { text: `line ${i}` }));
    await client.caughtUp(ids.at(-1)!);
    expect(client.state.chat.messages).toHaveLength(200);
    expect(client.state.chat.messages[0]!.text).toBe('line 30');
    // Delete a message that has left the window: its text is gone from the history too.
    await client.must('chat.delete', { messageId: ids[3]! });
    const page = ChatPageSchema.parse(
      await (await fetch(`${server.url}/api/events/${server.eventId}/chat?before=${ids[30]}&limit=50`, { headers: auth(moderatorToken) })).json(),
    );
    expect(page.messages.map((m) => m.id)).toEqual(ids.slice(0, 30));
    expect(page.messages[3]).toMatchObject({ deleted: true, text: '' });
    expect(page.more).toBe(false);
    expect((await client.send('chat.delete', { messageId: 999_999 })).ok).toBe(false);
  });

  it('H6: the operator creates an event from a template; a bad template says exactly what is wrong', async () => {
    const bad = await postEvent(server.url, server.operatorToken, {
      ...DEFAULT_TEMPLATE,
      id: 'second',
      segments: [{ title: 'Only', kind: 'panel', durationMin: -5, speakers: ['nobody'] }],
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { message: string } };
    expect(error.message).toMatch(/segments\.0\.durationMin/);

    const participant = await server.register();
    expect((await postEvent(server.url, participant.token, DEFAULT_TEMPLATE)).status).toBe(403);
    expect((await postEvent(server.url, moderatorToken, DEFAULT_TEMPLATE)).status).toBe(403); // S61: an event's moderator is no operator

    const res = await postEvent(server.url, server.operatorToken, { ...DEFAULT_TEMPLATE, id: 'town-hall', title: 'Town hall' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { eventId: string; links: Array<{ role: string; url: string }> };
    expect(created.eventId).toBe('town-hall');
    const modLink = created.links.find((l) => l.role === 'moderator')!;
    const newModerator = await server.connect(new URL(modLink.url).hash.slice(3));
    expect(newModerator.state.title).toBe('Town hall');
    expect(created.links.some((l) => l.role === 'stage')).toBe(true);

    const again = await postEvent(server.url, server.operatorToken, { ...DEFAULT_TEMPLATE, id: 'town-hall' });
    expect(again.status).toBe(409);
  });

  it('H7: invite links are for moderators only', async () => {
    const participant = await server.register();
    expect((await fetch(`${server.url}/api/events/${server.eventId}/links`, { headers: auth(participant.token) })).status).toBe(403);
    const body = InviteLinksSchema.parse(await (await fetch(`${server.url}/api/events/${server.eventId}/links`, { headers: auth(moderatorToken) })).json());
    expect(body.links.filter((l) => l.role === 'speaker')).toHaveLength(8);
  });
});
