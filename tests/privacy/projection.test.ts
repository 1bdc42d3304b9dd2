/**
 * What a browser receives is a projection (B1–B5), through a real node and real sockets. A
 * participant who registers after a hide, a delete (a phone number in it), an erasure and
 * several registrations walks every path while more of the same happens: its snapshot, the
 * live entries, `sync` from its own snapshot's seq and from 0, the chat history pages. A scan
 * of every packet it received finds no hidden or deleted text, no erased identity and no
 * id of a registrant who did nothing public.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPage } from '../../shared/api.ts';
import type { Entry, ServerMessage, SyncReply } from '../../shared/protocol.ts';
import { FORMER_PARTICIPANT } from '../../shared/reducer/people.ts';
import { EventReplica } from '../../shared/replica.ts';
import type { EventState } from '../../shared/state.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MODERATOR = 'kemo-camara';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A browser that keeps every packet it receives, from the first one, and every answer it gets. */
class Walker {
  readonly received: unknown[] = [];
  replica: EventReplica | null = null;
  snapshotSeq = -1;
  private readonly socket: Socket;

  constructor(url: string, token: string) {
    this.socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    this.socket.onAny((event: string, ...args: unknown[]) => this.received.push({ event, args }));
    this.socket.on('snapshot', (snapshot: ServerMessage<'snapshot'>) => {
      const state = readPackedState(snapshot.state);
      this.snapshotSeq = state.seq;
      this.replica = new EventReplica(state, (sinceSeq) => void this.sync(sinceSeq));
    });
    this.socket.on('entries', ({ entries }: { entries: Entry[] }) => this.replica?.receive(entries));
  }

  async ready(): Promise<void> {
    await until(() => this.replica !== null);
  }

  get state(): EventState {
    return this.replica!.state;
  }

  async sync(sinceSeq: number): Promise<SyncReply> {
    const reply = (await this.socket.timeout(10_000).emitWithAck('sync', { sinceSeq })) as SyncReply;
    this.received.push({ event: 'sync reply', reply });
    if (reply.ok && 'entries' in reply) this.replica?.receive(reply.entries, true);
    return reply;
  }

  close(): void {
    this.socket.close();
  }
}

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!test()) throw new Error('timed out');
}

/** The secrets of `received` that it holds, as whole strings or inside one. */
function found(received: unknown, secrets: readonly string[]): string[] {
  const json = JSON.stringify(received);
  return secrets.filter((s) => json.includes(s) || json.includes(JSON.stringify(s).slice(1, -1)));
}

describe('what a browser receives is a projection, on every path (B1–B5)', () => {
  let server: TestServer;
  let moderator: TestClient;
  let walker: Walker;
  const hostState = () => server.app.registry.get(server.eventId)!.state;
  /** Said or done before the walker registered: it must never receive any of it. */
  const before: string[] = [];
  /** Said or done while it watched: gone by the time it catches up or reads history. */
  const during: string[] = [];
  /** Registrants who did nothing public: their ids are nobody else's business (J2). */
  const quiet: string[] = [];

  async function chatThenDelete(phone: string): Promise<void> {
    const who = await server.register();
    const client = await server.connect(who.token);
    const seq = await client.must('chat.send', { text: `call me on ${phone}` });
    await moderator.caughtUp(seq);
    await moderator.must('chat.delete', { messageId: seq });
  }

  async function postThenHide(marker: string): Promise<void> {
    const who = await server.register();
    const client = await server.connect(who.token);
    const seq = await client.must('contributions.post', {
      kind: 'practice',
      title: `Title ${marker}`,
      text: `Text ${marker}`,
      tags: [`tag${marker}`],
      link: `https://example.org/${marker}`,
    });
    await client.must('contributions.edit', { contributionId: seq, text: `Edited ${marker}` });
    await moderator.caughtUp(seq + 1);
    await moderator.must('contributions.hide', { contributionId: seq, reason: 'off topic' });
  }

  async function actThenErase(name: string): Promise<void> {
    // The country stays counted in the public figures (J2), as every registration's does.
    const who = await server.register({ name, community: `${name} community`, organisation: `${name} Org` });
    const client = await server.connect(who.token);
    await client.must('chat.send', { text: 'hello from me' });
    await client.must('contributions.post', { kind: 'need', title: 'A need', text: 'We need help' });
    await client.must('queue.raise', { topic: 'a point' });
    const res = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer(who.token) });
    expect(res.status).toBe(204);
  }

  /** A muted person's message is refused (before the ledger, or as `entry.refused` in a race, B8): nobody receives what it said. */
  async function chatWhileMuted(phone: string): Promise<void> {
    const who = await server.register();
    const client = await server.connect(who.token);
    await moderator.must('chat.mute', { personId: who.personId, muted: true });
    expect(await client.send('chat.send', { text: `muted but call ${phone}` })).toMatchObject({ ok: false, error: { code: 'muted' } });
  }

  async function registerQuietly(n: number, into: string[]): Promise<void> {
    for (let i = 0; i < n; i++) {
      const who = await server.register({ region: 'asia', country: 'Nepal' });
      quiet.push(who.personId);
      into.push(who.personId);
    }
  }

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    await moderator.must('event.start');
    await chatThenDelete('+32 470 11 22 33');
    await postThenHide('EarlyHidden');
    await actThenErase('Zanele Early');
    await registerQuietly(3, before);
    before.push('+32 470 11 22 33', 'EarlyHidden', 'Zanele Early', 'Zanele Early community', 'Zanele Early Org');

    walker = new Walker(server.url, (await server.register()).token);
    await walker.ready();

    await chatThenDelete('+44 7700 900 123');
    await postThenHide('LateHidden');
    await actThenErase('Bongani Late');
    await chatWhileMuted('+49 151 2345 6789');
    await registerQuietly(3, during);
    // A refused message was never anyone's, even live.
    before.push('+49 151 2345 6789');
    during.push('+44 7700 900 123', 'LateHidden', 'Bongani Late', 'Bongani Late community', 'Bongani Late Org');
    await until(() => walker.state.seq === hostState().seq);
  });
  afterAll(async () => {
    walker?.close();
    await server.close();
  });

  it('B1: the snapshot and the live entries hold nothing from before the walker came, and no quiet registrant', () => {
    expect(walker.snapshotSeq).toBeGreaterThan(0);
    expect(found(walker.received, [...before, ...quiet])).toEqual([]);
    // It saw the registrations happen, as figures.
    const joins = walker.received.flatMap((p) => ((p as { event: string }).event === 'entries' ? (p as { args: [{ entries: Entry[] }] }).args[0].entries : []));
    // Folded (J1) and received as counts: by region and country, nobody's id or community (B4).
    expect(joins.some((e) => e.command.type === 'people.join' || e.command.type === 'people.joined')).toBe(false);
    const counted = joins.flatMap((e) => (e.command.type === 'people.counted' ? [e.command.payload] : []));
    for (const payload of counted) expect(Object.keys(payload).sort()).toEqual(['byCountry', 'byRegion']);
    expect(counted.reduce((n, p) => n + (p.byCountry.Nepal ?? 0), 0)).toBe(3);
    expect(counted.reduce((n, p) => n + (p.byRegion.asia ?? 0), 0)).toBeGreaterThanOrEqual(3);
  });

  it('B1 B6: catch-up from its own snapshot reads the ledger back as a projection: no hidden, deleted or erased content, and the replica equals the projected state', async () => {
    const reply = await walker.sync(walker.snapshotSeq);
    expect(reply.ok && 'entries' in reply).toBe(true);
    expect(found(reply, [...before, ...during, ...quiet])).toEqual([]);
    const entries = reply.ok && 'entries' in reply ? reply.entries : [];
    expect(entries.length).toBe(hostState().seq - walker.snapshotSeq);
    expect(entries.some((e) => e.actor.name === FORMER_PARTICIPANT)).toBe(true);
    const host = server.app.registry.get(server.eventId)!;
    expect(walker.state).toEqual(host.projectedState({ role: 'participant', personId: 'walker' }));
    // What the walker holds after the event: everything it saw live is redacted now.
    expect(found(walker.state, [...before, ...during, ...quiet])).toEqual([]);
  });

  it('RC1: sync from 0, before its own snapshot, is answered with a projected snapshot', async () => {
    const reply = await walker.sync(0);
    expect(reply.ok && 'snapshot' in reply).toBe(true);
    expect(found(reply, [...before, ...during, ...quiet])).toEqual([]);
  });

  it('B5: chat history pages hold no deleted text and no erased name', async () => {
    const pages: ChatPage[] = [];
    let before_ = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const res = await fetch(`${server.url}/api/events/${server.eventId}/chat?before=${before_}&limit=2`, { headers: bearer(server.tokenOf(MODERATOR)) });
      const page = (await res.json()) as ChatPage;
      pages.push(page);
      if (!page.more || page.messages.length === 0) break;
      before_ = page.messages[0]!.id;
    }
    expect(pages.flatMap((p) => p.messages).length).toBe(4);
    expect(found(pages, [...before, ...during, ...quiet])).toEqual([]);
  });

  it('B1: a browser that joins afterwards finds nothing of it anywhere it looks', async () => {
    const late = new Walker(server.url, server.tokenOf('stage'));
    await late.ready();
    await late.sync(late.snapshotSeq);
    await late.sync(0);
    expect(found(late.received, [...before, ...during, ...quiet])).toEqual([]);
    late.close();
  });
});
