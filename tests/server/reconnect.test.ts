/** How a client catches up (SPEC, wire protocol): a snapshot on every connection, `sync` only for gaps since it. */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage, SyncReply } from '../../shared/protocol.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe('reconnecting and catching up', () => {
  let server: TestServer;
  let moderator: TestClient;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
  });
  afterAll(() => server.close());

  const sync = (client: TestClient, sinceSeq: number): Promise<SyncReply> => client.socket.timeout(10_000).emitWithAck('sync', { sinceSeq });

  it('RC1: a client that comes back gets one snapshot with everything it missed, whatever seq it claims in the handshake', async () => {
    const { token } = await server.register();
    const participant = await server.connect(token);
    const left = participant.state.seq;
    participant.socket.disconnect();
    const missed = await moderator.must('chat.send', { text: 'said while you were away' });

    // A handshake that claims to be up to date (an old client) changes nothing: the snapshot comes anyway.
    const socket = io(server.url, { auth: { token, sinceSeq: missed }, transports: ['websocket'], forceNew: true, reconnection: false });
    const snapshots: Array<ServerMessage<'snapshot'>> = [];
    socket.on('snapshot', (s: ServerMessage<'snapshot'>) => snapshots.push(s));
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
    const state = readPackedState(snapshots[0]!.state);
    expect(state.seq).toBeGreaterThanOrEqual(missed);
    expect(state.seq).toBeGreaterThan(left);
    expect(state.chat.messages.some((m) => m.text === 'said while you were away')).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(snapshots).toHaveLength(1);
    socket.close();
    participant.close();
  });

  it('RC2: sync within the connection answers exactly the entries after sinceSeq', async () => {
    const participant = await server.connect((await server.register()).token);
    const from = participant.state.seq;
    const seqs = [await moderator.must('chat.send', { text: 'one' }), await moderator.must('chat.send', { text: 'two' })];
    await participant.caughtUp(seqs[1]!);
    const reply = await sync(participant, from);
    expect(reply.ok && 'entries' in reply).toBe(true);
    if (reply.ok && 'entries' in reply) {
      const after = reply.entries.map((e) => e.seq);
      expect(after[0]).toBe(from + 1);
      expect(after).toEqual(after.map((_, i) => from + 1 + i));
      expect(after).toEqual(expect.arrayContaining(seqs));
    }
    participant.close();
  });

  it("RC3: sync never reaches back before the socket's own snapshot: older means a snapshot, not the entries", async () => {
    await moderator.must('chat.send', { text: 'before the newcomer joined' });
    const newcomer = await server.connect((await server.register()).token);
    expect(newcomer.state.seq).toBeGreaterThan(1);
    const reply = await sync(newcomer, 0);
    expect(reply.ok).toBe(true);
    expect('entries' in reply).toBe(false);
    if (reply.ok && 'snapshot' in reply) expect(readPackedState(reply.snapshot.state).seq).toBe(newcomer.state.seq);
    // One entry before its snapshot is already too far back.
    const justBefore = await sync(newcomer, newcomer.state.seq - 1);
    expect('entries' in justBefore).toBe(false);
    newcomer.close();
  });
});
