/** How a client catches up (SPEC, wire protocol): what it missed at a reconnection (or a snapshot), `sync` only for gaps since. */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import { roomOf } from '../../server/rooms.ts';
import type { Entry, ServerMessage, SyncReply } from '../../shared/protocol.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

async function eventually(test: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

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

  /** A raw socket that records, in order, whether each packet was a snapshot or entries (and which seqs). */
  function rawSocket(auth: Record<string, unknown>) {
    const heard: Array<{ snapshot: number } | { entries: number[] }> = [];
    const socket = io(server.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    socket.on('snapshot', (s: ServerMessage<'snapshot'>) => heard.push({ snapshot: readPackedState(s.state).seq }));
    socket.on('entries', (e: ServerMessage<'entries'>) => heard.push({ entries: e.entries.map((x) => x.seq) }));
    return { socket, heard };
  }

  it('RC1: a client that comes back from where its replica stood gets exactly the entries it missed, then the live ones: no snapshot', async () => {
    const { token } = await server.register();
    const participant = await server.connect(token);
    const left = participant.state.seq;
    participant.close();
    const missed = [await moderator.must('chat.send', { text: 'said while you were away' }), await moderator.must('chat.send', { text: 'and this' })];

    const { socket, heard } = rawSocket({ token, sinceSeq: left });
    await new Promise<void>((resolve) => socket.once('entries', () => resolve()));
    const live = await moderator.must('chat.send', { text: 'said once you were back' });
    await eventually(() => heard.flatMap((h) => ('entries' in h ? h.entries : [])).includes(live));
    expect(heard.some((h) => 'snapshot' in h)).toBe(false);
    // Every seq after where it stood, once each, in order: the replica continues with no gap and no overlap.
    const seqs = heard.flatMap((h) => ('entries' in h ? h.entries : []));
    expect(seqs).toEqual(Array.from({ length: live - left }, (_, i) => left + 1 + i));
    expect(seqs).toEqual(expect.arrayContaining(missed));
    socket.close();
  });

  it('RC1: a replica that catches up this way ends where the node is, as one that took a snapshot', async () => {
    const { token } = await server.register();
    const participant = await server.connect(token);
    participant.socket.io.engine.close(); // the network drops; socket.io reconnects by itself, saying where it stood
    await moderator.must('chat.send', { text: 'while the network was down' });
    const seq = await moderator.must('chat.send', { text: 'one more' });
    await participant.caughtUp(seq);
    expect(participant.snapshots).toBe(1);
    const fresh = await server.connect(token);
    await fresh.caughtUp(seq);
    expect(participant.state).toEqual(fresh.state);
    participant.close();
    fresh.close();
  });

  it('RC3: a new registration that claims a seq from before it registered starts from a snapshot, with nothing said before it came', async () => {
    const before = await moderator.must('chat.send', { text: 'said before you registered' });
    const { token } = await server.register();
    const { socket, heard } = rawSocket({ token, sinceSeq: before - 1 });
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
    const live = await moderator.must('chat.send', { text: 'said once you were in' });
    await eventually(() => heard.flatMap((h) => ('entries' in h ? h.entries : [])).includes(live));
    expect(heard[0]).toEqual({ snapshot: expect.any(Number) });
    expect(heard.flatMap((h) => ('entries' in h ? h.entries : [])).every((seq) => seq > before)).toBe(true);
    socket.close();
  });

  it('RC1: a first connection, a claim ahead of the node or too far behind it, and the stage start from one snapshot', async () => {
    const { token } = await server.register();
    const seq = server.app.registry.get(server.eventId)!.state.seq;
    for (const auth of [{ token }, { token, sinceSeq: seq + 50 }, { token, sinceSeq: 0 }, { token: server.tokenOf('stage'), sinceSeq: seq }]) {
      const { socket, heard } = rawSocket(auth);
      await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.filter((h) => 'snapshot' in h)).toHaveLength(1);
      expect(heard[0]).toEqual({ snapshot: expect.any(Number) });
      socket.close();
    }
    // A claim that is not a seq is no claim: the handshake still succeeds.
    const { socket, heard } = rawSocket({ token, sinceSeq: 'latest' });
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
    expect(heard).toHaveLength(1);
    socket.close();
  });

  it('RC1: a replica a little ahead of this node (it came from a node further on) waits for the node to apply its seq, then gets the entries after it: no snapshot', async () => {
    const { token } = await server.register();
    const seq = server.app.registry.get(server.eventId)!.state.seq;
    // Its node had applied one entry more than this one when it died.
    const { socket, heard } = rawSocket({ token, sinceSeq: seq + 1 });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const caughtUp = await moderator.must('chat.send', { text: 'the entry the replica already holds' });
    expect(caughtUp).toBe(seq + 1);
    await eventually(() => server.app.io.of('/').adapter.rooms.get(roomOf(server.eventId))?.has(socket.id!) ?? false);
    const live = await moderator.must('chat.send', { text: 'said once it was back' });
    await eventually(() => heard.flatMap((h) => ('entries' in h ? h.entries : [])).includes(live));
    expect(heard).toEqual([{ entries: [live] }]);
    socket.close();
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

describe('catching up from what the node holds (RC1, issue 14)', () => {
  /** A ledger that counts what is read back from it. */
  class CountingLedger extends MemoryLedger {
    reads = 0;
    override read(eventId: string, afterSeq: number, limit?: number): Promise<Entry[]> {
      this.reads++;
      return super.read(eventId, afterSeq, limit);
    }
  }

  it('a reconnection and a sync are answered from the entries the node holds: the ledger is not read, however many reconnect', async () => {
    const ledger = new CountingLedger();
    const server = await startServer({ ledger });
    try {
      const moderator = await server.connect(server.tokenOf('kemo-camara'));
      await moderator.must('event.start');
      const people = await Promise.all([1, 2, 3].map(() => server.register()));
      const left = moderator.state.seq;
      const missed = [await moderator.must('chat.send', { text: 'said while you were away' }), await moderator.must('chat.send', { text: 'and this' })];
      const readsBefore = ledger.reads;

      for (const { token } of people) {
        const socket = io(server.url, { auth: { token, sinceSeq: left }, transports: ['websocket'], forceNew: true, reconnection: false });
        const entries = await new Promise<ServerMessage<'entries'>>((resolve) => socket.once('entries', resolve));
        expect(entries.entries.map((e) => e.seq)).toEqual(missed);
        const reply: SyncReply = await socket.timeout(10_000).emitWithAck('sync', { sinceSeq: left });
        expect(reply.ok && 'entries' in reply ? reply.entries.map((e) => e.seq) : reply).toEqual(missed);
        socket.close();
      }
      expect(ledger.reads).toBe(readsBefore);
    } finally {
      await server.close();
    }
  });
});
