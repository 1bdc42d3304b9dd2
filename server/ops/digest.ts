/**
 * A state's SHA-256 without stopping the node (S60). `JSON.stringify` of a 5 MB state and its
 * hash held the event loop for 25–40 ms in one piece, so every command waiting behind a
 * readiness probe waited that long. Here the same bytes are written to the hash piece by piece
 * (an object's fields, an array's items), and the work gives way to the event loop every few
 * milliseconds. The reducer never mutates a state, so the one being hashed stays as it was
 * while commands run in between.
 */
import { createHash, type Hash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** The SHA-256 of `JSON.stringify(state)` in one go: what the sliced digest must equal. */
export function stateDigest(state: unknown): string {
  return createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

/** How long one slice may hold the event loop. */
const SLICE_MS = 3;
/** An object with this many keys or fewer is written in one piece below the top three levels (arrays are always opened). */
const SMALL = 16;

/** Keys and values as JSON.stringify sees them: no undefined or function values in an object. */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * The pieces of `JSON.stringify(value)`, in order. A piece is a leaf's whole JSON, or the
 * punctuation between them. Arrays, objects near the top and large objects are opened: what
 * is left in one piece is a record (a message, a hand, a contribution).
 */
function* pieces(value: unknown, depth: number): Generator<string> {
  const opened =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
    (Array.isArray(value) || depth < 3 || Object.keys(value).length > SMALL);
  if (!opened) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      // An array's undefined, function or symbol item is written `null`, as JSON.stringify does.
      if (isSkipped(value[i])) yield 'null';
      else yield* pieces(value[i], depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (isSkipped(item)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* pieces(item, depth + 1);
  }
  yield '}';
}

/**
 * The same digest as `stateDigest(state)`, computed in slices of a few milliseconds with the
 * event loop free in between: a readiness probe never holds up a command for long.
 */
export async function stateDigestInSlices(state: unknown, sliceMs = SLICE_MS): Promise<string> {
  const hash: Hash = createHash('sha256');
  let sliceStart = performance.now();
  // Small pieces are gathered and hashed some kilobytes at a time; the clock is read as often.
  let gathered = '';
  for (const piece of pieces(state, 0)) {
    gathered += piece;
    if (gathered.length < 16_384) continue;
    hash.update(gathered);
    gathered = '';
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  return hash.update(gathered).digest('hex');
}
