/**
 * The load benchmark's lean participant speaks Engine.IO / Socket.IO framing by hand
 * (bench/load/rawSocketIo.ts): against a real Gavel node it must join, receive every entry
 * once and in order, and have its commands acked, or the benchmark's "0 missed, 0 doubled"
 * would mean nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { Histogram } from '../../../bench/load/histogram.ts';
import { entrySeqs, LeanParticipant, snapshotSeq } from '../../../bench/load/leanParticipant.ts';
import { stampText } from '../../../bench/load/stamp.ts';
import { DEFAULT_TEMPLATE } from '../../../shared/template.ts';
import { TestClient } from '../../support/client.ts';
import { nodePerFile } from '../../support/nodeProcess.ts';
import { newRecorder, person } from './crowd.ts';

const node = nodePerFile('gavel-lean-');
const eventId = DEFAULT_TEMPLATE.id!;
const JOIN_TIMEOUT_MS = 10_000;

const timings = () => ({ register: new Histogram(), join: new Histogram() });

describe('the lean participant', () => {
  it('reads the seqs of an entries packet where each entry starts, not inside a text that quotes one', () => {
    const text = 'quoting {"seq":99} in a chat';
    const packet = Buffer.from(
      `42["entries",${JSON.stringify({
        entries: [
          { seq: 12, command: { type: 'chat.send', payload: { text } } },
          { seq: 13, command: { type: 'event.start', payload: {} } },
        ],
      })}]`,
    );
    expect(entrySeqs(packet)).toEqual([12, 13]);
  });

  it('reads the seq of a snapshot from its head, and parses one whose state starts otherwise', () => {
    const head = Buffer.from(`42["snapshot",${JSON.stringify({ state: { eventId: 'e1', seq: 41, title: 'x' }, self: {} })}]`);
    const other = Buffer.from(`42["snapshot",${JSON.stringify({ state: { pad: 'x', seq: 7 }, self: {} })}]`);
    expect(snapshotSeq(head, '42["snapshot",'.length)).toBe(41);
    expect(snapshotSeq(other, '42["snapshot",'.length)).toBe(7);
  });

  it('against a real node: joins, gets every entry once and in order, and its commands are acked', async () => {
    const { url, tokens } = node();
    const recorder = newRecorder();
    const moderator = new LeanParticipant(person(0, { role: 'moderator', rosterId: 'kemo-camara', token: tokens.get('moderator: Kemo Camara')! }), recorder);
    const participants = [1, 2, 3].map((i) => new LeanParticipant(person(i), recorder));
    for (const p of [moderator, ...participants]) await p.join(url, eventId, 'gavel', JOIN_TIMEOUT_MS, timings());
    // A real socket.io-client with the real reducer, to compare with.
    const browser = await TestClient.connect(url, tokens.get('moderator: Kemo Camara')!);
    // Someone registers and joins after them: their registration is an entry the others receive.
    const late = new LeanParticipant(person(4), recorder);
    await late.join(url, eventId, 'gavel', JOIN_TIMEOUT_MS, timings());
    const everyone = [moderator, ...participants, late];

    recorder.baseSeq = 0;
    recorder.inScenario = true;
    const started = await moderator.send({ type: 'event.start', payload: {} });
    expect(started.ack).toMatchObject({ ok: true, seq: expect.any(Number) });
    const sent = await Promise.all(
      [...participants, late].flatMap((p) => {
        const index = p.spec.index;
        return [
          p.send({ type: 'chat.send', payload: { text: stampText(performance.timeOrigin + performance.now(), index, `hello from ${index}`) } }),
          p.send({ type: 'queue.raise', payload: { topic: stampText(performance.timeOrigin + performance.now(), index, `topic of ${index}`) } }),
        ];
      }),
    );
    for (const { ack } of sent) expect(ack).toMatchObject({ ok: true, seq: expect.any(Number) });
    expect(recorder.commands).toMatchObject({ sent: 9, ok: 9, timedOut: 0, refused: {} });

    const finalSeq = recorder.maxAckedSeq;
    await vi.waitFor(() => expect(everyone.map((p) => p.applied)).toEqual(everyone.map(() => finalSeq)), { timeout: 10_000 });
    await browser.until(() => browser.state.seq === finalSeq);
    for (const p of everyone) {
      expect(p.shortfall(finalSeq)).toEqual({ missed: 0, stuck: 0 });
      expect({ doubled: p.doubled, outOfOrder: p.outOfOrder, connected: p.connected }).toEqual({ doubled: 0, outOfOrder: 0, connected: true });
      expect(p.packetsScenario).toBeGreaterThan(0);
    }
    // Every other lean client read the stamp of each chat message and each hand: 4 chats and 4 hands, each seen by 4 others.
    expect(recorder.latency.chat.count).toBe(16);
    expect(recorder.latency.hand.count).toBe(16);
    // The late registration reached the four who were in before it.
    expect(recorder.deliveries.registration).toBeGreaterThanOrEqual(4);
    expect(recorder.kinds.get(started.ack.seq!)?.kind).toBe('moderation');
    browser.close();
    for (const p of everyone) p.close();
  });

  it('is told when the node refuses its handshake (connect_error)', async () => {
    const refused = new LeanParticipant(person(9, { token: 'not-a-token' }), newRecorder());
    await expect(refused.join(node().url, eventId, 'gavel', JOIN_TIMEOUT_MS, timings())).rejects.toThrow('unauthorized');
  });
});
