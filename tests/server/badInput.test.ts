/** Bad input gets a clear error and changes nothing; nothing a client sends can crash the node. */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('bad input', () => {
  let server: TestServer;
  let moderator: TestClient;
  let participant: TestClient;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    participant = await server.connect((await server.register()).token);
  });
  afterAll(() => server.close());

  async function refused(client: TestClient, type: string, payload: unknown, code: string) {
    const before = structuredClone(server.app.registry.get(server.eventId)!.state);
    const ack = await client.send(type, payload);
    expect(ack).toMatchObject({ ok: false, error: { code } });
    if (!ack.ok) expect(ack.error.message.length).toBeGreaterThan(0);
    expect(server.app.registry.get(server.eventId)!.state).toEqual(before);
  }

  it('W1: an unknown command is refused with unknown_command', () => refused(participant, 'queue.explode', {}, 'unknown_command'));
  it('W1: a command that is not even an object is refused', async () => {
    const ack = await participant.untyped.timeout(5000).emitWithAck('command', 'raise my hand');
    expect(ack).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });
  it('W2: wrong payload types are refused with bad_request', () => refused(participant, 'queue.raise', { topic: 42 }, 'bad_request'));
  it('W2: unknown payload keys are refused', () => refused(participant, 'queue.raise', { topic: 'x', admin: true }, 'bad_request'));
  it('W2: an oversized topic is refused, naming the bound', async () => {
    const ack = await participant.send('queue.raise', { topic: 'x'.repeat(141) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!ack.ok) expect(ack.error.message).toContain('140');
  });
  it('W2: an oversized chat message is refused', () => refused(participant, 'chat.send', { text: 'y'.repeat(1001) }, 'bad_request'));
  it('W2: an empty chat message is refused', () => refused(participant, 'chat.send', { text: '   ' }, 'bad_request'));
  it('R1: a participant may not run the agenda', () => refused(participant, 'event.start', {}, 'forbidden'));
  it('R1: a participant may not give the floor', () => refused(participant, 'floor.giveNext', {}, 'forbidden'));
  it('R2: nobody may create an event over the socket', () => refused(moderator, 'event.create', { title: 'x' }, 'forbidden'));
  it('Q1: raising a hand twice is refused', async () => {
    await participant.must('queue.raise', {});
    await refused(participant, 'queue.raise', {}, 'already_in_queue');
    await participant.must('queue.lower', {});
  });
  it('F1: giving the floor to someone not in the queue is refused', async () => {
    const s = await startServer();
    try {
      const mod = await s.connect(s.tokenOf('kemo-camara'));
      await mod.must('event.start');
      const before = structuredClone(mod.state);
      expect(await mod.send('floor.give', { personId: 'p_nobody' })).toMatchObject({ ok: false, error: { code: 'not_in_queue' } });
      expect(s.app.registry.get(s.eventId)!.state).toEqual(before);
    } finally {
      await s.close();
    }
  });
  it('E3: advancing an event that has not started is refused', () => refused(moderator, 'agenda.next', {}, 'not_started'));
  it('E4: advancing an ended event is refused', async () => {
    const s = await startServer();
    try {
      const mod = await s.connect(s.tokenOf('kemo-camara'));
      await mod.must('event.start');
      await mod.must('event.end');
      const ack = await mod.send('agenda.next');
      expect(ack).toMatchObject({ ok: false, error: { code: 'ended' } });
    } finally {
      await s.close();
    }
  });
  it('W3: a command without an ack callback changes nothing and breaks nothing', async () => {
    participant.untyped.emit('command', { type: 'queue.raise', payload: { topic: 42 } });
    await participant.must('chat.send', { text: 'still here' });
  });

  it('W4: a garbage handshake is refused and the node keeps serving', async () => {
    for (const auth of [{}, { token: 42 }, { token: 'x'.repeat(5000) }, { token: 'not-a-token' }]) {
      const socket = io(server.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toBe('unauthorized');
      socket.close();
    }
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=bogus`);
    expect(res.status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('W5: malformed JSON over REST gets a 400 with a JSON error, not a stack trace', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
  });

  it('W5: a registration with missing or oversized fields says which field is wrong', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'n'.repeat(200), community: 'x', region: 'mars', country: 'y', consentToBeNamed: true }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toMatch(/name/);
    expect(error.message).toMatch(/region/);
  });

  it('W5: a token of one event cannot read another event, and no token reads nothing', async () => {
    expect((await fetch(`${server.url}/api/events/${server.eventId}/chat`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/events/nope`)).status).toBe(404);
  });

  it('W6: an oversized socket message is dropped by the transport, and the node survives', async () => {
    const { token } = await server.register();
    const big = await server.connect(token);
    const closed = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
    big.untyped.emit('command', { type: 'chat.send', payload: { text: 'z'.repeat(200_000) } });
    expect(await closed).toBeTruthy();
    await participant.must('chat.send', { text: 'others do not notice' });
  });
});
