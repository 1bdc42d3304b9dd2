/** The client's side of effectively-once: one id per command, sent again with it until answered. */
import { describe, expect, it } from 'vitest';
import { type DeliveryDeps, deliverCommand, GIVE_UP_AFTER_MS, newCommandId, RETRY_BACKOFF } from '../../client/src/delivery.ts';
import { backoffDelay } from '../../shared/backoff.ts';
import { type Ack, COMMAND_ID_PATTERN, type Command, type CommandPacket } from '../../shared/protocol.ts';

const CHAT: Command = { type: 'chat.send', payload: { text: 'Hello from Lagos' } };
const OK: Ack = { ok: true, seq: 42 };
const UNAVAILABLE: Ack = { ok: false, error: { code: 'unavailable', message: 'could not confirm' } };

/** A fake clock and network: `answers` are handed out in turn, each wait moves the clock on. */
function harness(answers: Ack[], options: { random?: number; abandonAfter?: number } = {}) {
  let clock = 0;
  const sent: CommandPacket[] = [];
  const waits: number[] = [];
  const deps: DeliveryDeps = {
    send: async (packet) => {
      sent.push(packet);
      return answers[Math.min(sent.length, answers.length) - 1]!;
    },
    wait: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => options.random ?? 0.5,
    abandoned: () => options.abandonAfter !== undefined && sent.length >= options.abandonAfter,
  };
  return { deps, sent, waits };
}

describe('command delivery', () => {
  it('ID1: every command gets a fresh id the server accepts', () => {
    const ids = new Set(Array.from({ length: 1000 }, newCommandId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(COMMAND_ID_PATTERN);
    // 22 characters of 64 kinds: 128 bits, every character in use.
    expect(new Set([...ids].map((id) => id.length))).toEqual(new Set([22]));
    expect(new Set([...ids].join('')).size).toBe(64);
  });

  it('ID3: an answered command is sent once, carrying its id beside type and payload', async () => {
    const { deps, sent } = harness([OK]);
    expect(await deliverCommand(CHAT, deps)).toEqual(OK);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ id: expect.stringMatching(COMMAND_ID_PATTERN), ...CHAT });
  });

  it('ID3: unavailable (or no answer) is retried with the same id until the answer comes', async () => {
    const { deps, sent } = harness([UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, OK]);
    expect(await deliverCommand(CHAT, deps)).toEqual(OK);
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((p) => p.id)).size).toBe(1);
    // The next command is another command: a new id.
    const next = harness([OK]);
    await deliverCommand(CHAT, next.deps);
    expect(next.sent[0]!.id).not.toBe(sent[0]!.id);
  });

  it('ID3: a final answer is not retried, a refusal included', async () => {
    for (const code of ['already_in_queue', 'rate_limited', 'internal', 'forbidden'] as const) {
      const refusal: Ack = { ok: false, error: { code, message: code } };
      const { deps, sent } = harness([refusal, OK]);
      expect(await deliverCommand(CHAT, deps)).toEqual(refusal);
      expect(sent).toHaveLength(1);
    }
  });

  it('ID3: waits 0.5 s doubling to 8 s, each drawn between half and all of it', () => {
    const ceilings = [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000];
    ceilings.forEach((ceiling, retry) => {
      expect(backoffDelay(retry, RETRY_BACKOFF, 0)).toBe(ceiling / 2);
      expect(backoffDelay(retry, RETRY_BACKOFF, 1)).toBe(ceiling);
      expect(backoffDelay(retry, RETRY_BACKOFF, 0.5)).toBe((ceiling * 3) / 4);
    });
  });

  it('ID3: gives up after about a minute with the last answer, for the person to be told', async () => {
    const { deps, sent, waits } = harness([UNAVAILABLE], { random: 1 });
    expect(await deliverCommand(CHAT, deps)).toEqual(UNAVAILABLE);
    const waited = waits.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
    expect(waited + backoffDelay(waits.length, RETRY_BACKOFF, 1)).toBeGreaterThan(GIVE_UP_AFTER_MS);
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000, 8_000]);
    expect(sent).toHaveLength(waits.length + 1);
  });

  it('ID3: stops retrying once nobody waits for the answer (the person left the event)', async () => {
    const { deps, sent } = harness([UNAVAILABLE, OK], { abandonAfter: 1 });
    expect(await deliverCommand(CHAT, deps)).toEqual(UNAVAILABLE);
    expect(sent).toHaveLength(1);
  });
});
