/**
 * The browser's connection module against a real node: a command whose answer is lost or
 * `unavailable` is sent again with its id, and the person sees it once, without a toast (ID3).
 */

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import { type EntryDraft, LedgerUnavailableError } from '../../server/ledger/types.ts';
import type { Entry } from '../../shared/protocol.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { when } from '../support/signals.ts';

// The page connects to its own origin; here that is the test node.
const target = vi.hoisted(() => ({ url: '' }));
vi.mock('socket.io-client', async (importOriginal) => {
  const real = await importOriginal<typeof import('socket.io-client')>();
  return { ...real, io: (options: Parameters<typeof real.io>[1]) => real.io(target.url, { ...options, transports: ['websocket'] }) };
});
const { connectToEvent, disconnect, sendCommand } = await import('../../client/src/connection.ts');
const { connection, eventState, toasts } = await import('../../client/src/store.ts');

/** A ledger whose appends can be made to misbehave, one at a time. */
class FaultyLedger extends MemoryLedger {
  /** Store the next append, then report it unavailable (a Redis that stalled past the timeout). */
  unconfirmNext = false;
  /** Hold the next append until released; `held` resolves when it arrives. */
  private gate: { release: Promise<void>; arrived: () => void } | null = null;

  holdNext(): { held: Promise<void>; release: () => void } {
    let release = () => {};
    let arrived = () => {};
    const held = new Promise<void>((resolve) => (arrived = resolve));
    this.gate = { release: new Promise<void>((resolve) => (release = resolve)), arrived };
    return { held, release };
  }

  override async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    const gate = this.gate;
    if (gate && draft.actor.role !== 'system') {
      this.gate = null;
      gate.arrived();
      await gate.release;
    }
    const entry = await super.append(eventId, draft);
    if (this.unconfirmNext && draft.actor.role !== 'system') {
      this.unconfirmNext = false;
      throw new LedgerUnavailableError('redis append failed: Command timed out');
    }
    return entry;
  }
}

describe('the browser connection', () => {
  let server: TestServer;
  let ledger: FaultyLedger;

  beforeAll(async () => {
    ledger = new FaultyLedger();
    server = await startServer({ ledger });
    target.url = server.url;
    connectToEvent((await server.register({ name: 'Amara' })).token);
    await when(eventState, (state) => state !== null);
  });
  afterEach(() => {
    toasts.value = [];
  });
  afterAll(async () => {
    disconnect();
    await server.close();
  });

  const chatsSaying = async (text: string) =>
    (await ledger.read(server.eventId, 0)).filter((e) => e.command.type === 'chat.send' && e.command.payload.text === text);

  it('ID3: a message answered unavailable, though stored, is sent again with its id: posted once, no toast', async () => {
    ledger.unconfirmNext = true;
    const ack = await sendCommand({ type: 'chat.send', payload: { text: 'Hello from Nairobi' } });
    const stored = await chatsSaying('Hello from Nairobi');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.commandId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ack).toEqual({ ok: true, seq: stored[0]!.seq });
    expect(toasts.value).toEqual([]);
    await when(eventState, (state) => (state?.seq ?? 0) >= stored[0]!.seq);
    expect(eventState.value!.chat.messages.filter((m) => m.text === 'Hello from Nairobi')).toHaveLength(1);
  });

  it('ID3: the connection drops while the command waits for the ledger: it is sent again after the reconnect, and posted once', async () => {
    const { held, release } = ledger.holdNext();
    const answer = sendCommand({ type: 'chat.send', payload: { text: 'through a reconnect' } });
    await held;
    // The node's side of the connection goes, as with a lost network: the answer has nowhere to go.
    const reconnected = when(connection, (state) => state === 'reconnecting').then(() => when(connection, (state) => state === 'online'));
    for (const socket of server.app.io.of('/').sockets.values()) socket.conn.close();
    await reconnected;
    const reconnectedAt = performance.now();
    release();
    const ack = await answer;
    // Sent again on the reconnect, not after the 10 s without an answer.
    expect(performance.now() - reconnectedAt).toBeLessThan(5_000);
    const stored = await chatsSaying('through a reconnect');
    expect(stored).toHaveLength(1);
    expect(ack).toEqual({ ok: true, seq: stored[0]!.seq });
    expect(toasts.value).toEqual([]);
  });

  it('ID3: a refusal is final: told at once, not retried', async () => {
    const before = await ledger.head(server.eventId);
    const ack = await sendCommand({ type: 'queue.lower', payload: { kind: 'hand' } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_in_queue' } });
    expect(toasts.value).toHaveLength(1);
    expect(await ledger.head(server.eventId)).toBe(before);
  });
});
