/**
 * Delivering one command effectively once (ID3). Socket.IO delivers at most once: an answer
 * lost with a connection, a timeout, or `unavailable` from a ledger that could not confirm
 * may each hide a command that was applied. So every command gets an id of its own, and is
 * sent again with that same id until it gets a real answer; the server applies an id once
 * and answers a repeat as it answered the first (ID2).
 */
import { type BackoffPolicy, backoffDelay } from '../../shared/backoff.ts';
import type { Ack, Command, CommandPacket } from '../../shared/protocol.ts';

/** 0.5 s doubling up to 8 s, each wait drawn between half and all of that (shared/backoff.ts). */
export const RETRY_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 8_000 };
/** After this the person is told (a toast), as when there were no retries. */
export const GIVE_UP_AFTER_MS = 60_000;

/**
 * 128 random bits in 22 base64url characters: matches `COMMAND_ID_PATTERN`, and every entry
 * carries it to every screen, so it is kept short. `getRandomValues`, unlike `randomUUID`,
 * also works on a page served over plain http.
 */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Worth sending again: no answer came, or the server could not confirm. Any other answer is
 * final, a refusal included (a repeat would only get the same refusal).
 */
export function isRetryable(ack: Ack): boolean {
  return !ack.ok && ack.error.code === 'unavailable';
}

export interface DeliveryDeps {
  /** Send the packet once: the server's answer, or an `unavailable` made up when none came (offline, a timeout, the connection lost). */
  send: (packet: CommandPacket) => Promise<Ack>;
  /** Wait up to `ms` before the next try; it may end sooner (the connection came back). */
  wait: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  /** True once the answer no longer matters (the person left the event): stop trying. */
  abandoned: () => boolean;
  newId?: () => string;
}

/** Send `command` with a fresh id, and again with the same id while no final answer came, for up to a minute. */
export async function deliverCommand(command: Command, deps: DeliveryDeps): Promise<Ack> {
  const packet: CommandPacket = { id: (deps.newId ?? newCommandId)(), ...command };
  const startedAt = deps.now();
  for (let retry = 0; ; retry++) {
    const ack = await deps.send(packet);
    if (!isRetryable(ack) || deps.abandoned()) return ack;
    // Jittered, so that a room cut off together does not come back together.
    const delay = backoffDelay(retry, RETRY_BACKOFF, deps.random());
    if (deps.now() + delay - startedAt > GIVE_UP_AFTER_MS) return ack;
    await deps.wait(delay);
  }
}
