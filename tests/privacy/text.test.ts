/**
 * S14 through a real node and real sockets: a bare carriage return and an unclosed
 * right-to-left override typed by a participant are cleaned at the schema, never become a
 * heading in the public outcome.md, and every name in the outcome HTML sits in its own <bdi>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventState } from '../../shared/state.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const RLO = '\u202E';
const MODERATOR = 'kemo-camara';

describe('user text that would rewrite the page or the document (S14)', () => {
  let server: TestServer;
  let moderator: TestClient;
  let ama: TestClient;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const hostState = (): EventState => server.app.registry.get(server.eventId)!.state;
  const outcome = async (ext: 'md' | 'html', version: 'public' | 'moderators' = 'public') => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/outcome.${ext}?version=${version}`, { headers: auth(server.tokenOf(MODERATOR)) });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    const registered = await server.register({
      name: `Ama Mensah${RLO}`,
      community: `Ghanaian diaspora\r# INJECTED`,
      country: 'Germany',
      consentToBeNamed: true,
    });
    ama = await server.connect(registered.token);
    await moderator.must('event.start');
  });
  afterAll(() => server.close());

  it('S14: the registration is stored without the open override and with \\n for the bare \\r', () => {
    expect(ama.self).toMatchObject({ name: 'Ama Mensah', community: 'Ghanaian diaspora\n# INJECTED' });
  });

  it('S14: a chat message with a bare \\r and a lone U+202E is stored normalised, on the node and on every screen', async () => {
    const seq = await ama.must('chat.send', { text: `hello${RLO}\r# INJECTED` });
    await moderator.caughtUp(seq);
    expect(hostState().chat.messages.at(-1)!.text).toBe('hello\n# INJECTED');
    expect(moderator.state.chat.messages.at(-1)!.text).toBe('hello\n# INJECTED');
    expect(moderator.state.chat.messages.at(-1)!.author.name).toBe('Ama Mensah');
  });

  it('S14: the public outcome.md has no injected heading, from a contribution or a name', async () => {
    const seq = await ama.must('contributions.post', { kind: 'practice', title: `Mutual aid${RLO}`, text: 'x\r# INJECTED\r\r- item' });
    await moderator.caughtUp(seq);
    await moderator.must('outcome.setPublic', { public: true });
    const md = await outcome('md');
    expect(md).toContain('Mutual aid');
    expect(md).not.toMatch(/^#+ INJECTED/m);
    expect(md).not.toMatch(/^- item/m);
    expect(md).not.toContain('\r');
    expect(md).not.toContain(RLO);
  });

  it('S14: the outcome HTML wraps every name and text in <bdi>', async () => {
    const html = await outcome('html');
    // The public version shows her region alone: she is the only one of her community in Germany (O2).
    expect(html).toContain('By <bdi>Ama Mensah (Africa)</bdi>');
    expect(await outcome('html', 'moderators')).toMatch(/By <bdi>Ama Mensah \(Ghanaian diaspora\n# INJECTED, Germany\)<\/bdi>/);
    expect(html).toContain('<bdi>Mutual aid</bdi>');
    expect(html).toContain('<p><bdi>x<br># INJECTED</bdi></p>');
    expect(html).not.toContain(RLO);
  });
});
