/** The socket boundary: envelopes are checked, a packed snapshot unpacks to the state it stands for. */
import { describe, expect, it } from 'vitest';
import { isAck, isEntries, isModeration, isPingReply, isReactions, isSnapshot, isSyncReply } from '../../client/src/wire.ts';
import { emptyState } from '../../shared/state.ts';
import { packState, unpackState } from '../../shared/table.ts';

const person = { id: 'p1', name: 'Amina', community: 'Senegalese diaspora', region: 'africa' as const, country: 'France' };

describe('wire checks', () => {
  it('accepts the acks the server sends and refuses anything else', () => {
    expect(isAck({ ok: true, seq: 4 })).toBe(true);
    expect(isAck({ ok: true, seq: 4, position: 2 })).toBe(true);
    expect(isAck({ ok: false, error: { code: 'queue_closed', message: 'the queue is closed' } })).toBe(true);
    expect(isAck({ ok: true })).toBe(false);
    expect(isAck({ ok: false, error: 'nope' })).toBe(false);
    expect(isAck(null)).toBe(false);
  });

  it('checks entries by their envelope', () => {
    const entry = { seq: 3, at: 1000, actor: { ...person, role: 'participant' }, command: { type: 'queue.raise', payload: { topic: '' } } };
    expect(isEntries({ entries: [entry] })).toBe(true);
    expect(isEntries({ entries: [{ ...entry, seq: -1 }] })).toBe(false);
    expect(isEntries({ entries: [{ ...entry, command: null }] })).toBe(false);
    expect(isEntries({})).toBe(false);
  });

  it('checks snapshots, sync replies, pings and reactions', () => {
    const snapshot = { state: packState(emptyState('ev')), self: { ...person, role: 'participant' } };
    expect(isSnapshot(snapshot)).toBe(true);
    expect(isSnapshot({ state: {}, self: snapshot.self })).toBe(false);
    expect(isSyncReply({ ok: true, entries: [] })).toBe(true);
    expect(isSyncReply({ ok: true, snapshot })).toBe(true);
    expect(isSyncReply({ ok: false, error: { code: 'bad_request', message: 'x' } })).toBe(true);
    expect(isSyncReply({ ok: true })).toBe(false);
    expect(isPingReply({ clientSentAt: 1.5, serverAt: 2 })).toBe(true);
    expect(isPingReply({ clientSentAt: 1.5 })).toBe(false);
    expect(isReactions({ counts: { applause: 3, heart: 0 } })).toBe(true);
    expect(isReactions({ counts: { applause: -1 } })).toBe(false);
  });
});

describe('unpackState', () => {
  it('gives back the state a packed snapshot stands for', () => {
    const state = emptyState('ev');
    const hand = { person, kind: 'hand' as const, topic: 'Remittances', raisedAt: 5, raisedSeq: 2, restored: false };
    const message = { id: 3, author: person, role: 'participant' as const, text: '<b>hi</b>', at: 6, deleted: false };
    const full = { ...state, seq: 3, queue: { ...state.queue, hands: [hand] }, chat: { ...state.chat, messages: [message], total: 1 } };
    expect(unpackState(packState(full))).toEqual(full);
  });

  it("S46: checks the staff's two counts", () => {
    expect(isModeration({ waiting: 2, flagged: 0 })).toBe(true);
    expect(isModeration({ waiting: 2 })).toBe(false);
    expect(isModeration({ waiting: -1, flagged: 0 })).toBe(false);
    expect(isModeration({ waiting: 1.5, flagged: 0 })).toBe(false);
    expect(isModeration(null)).toBe(false);
  });
});
