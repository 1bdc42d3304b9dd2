/**
 * The event passcode: a secret shared with invitees, so it is never stored or logged in
 * clear and never enters the ledger. It is kept as a salted scrypt hash (slow to guess even
 * if the auth store leaks) and checked in constant time.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ClientError } from '../errors.ts';
import { slowDown } from '../security/rateLimiter.ts';

const KEY_BYTES = 32;

/**
 * S30: scrypt runs on libuv's thread pool (4 threads; UV_THREADPOOL_SIZE is left alone, as it
 * only counts when set before the pool first starts, see SPEC), and the file stores' fsync
 * needs that pool too: 40 wrong passcodes at once held a moderator's chat ack for 4 s behind
 * them. So at most two run at once in the process (the pool is the process's, not a node's),
 * which leaves two threads to the stores, and one on a machine of two cores, which leaves a core
 * to the event loop (two at once there doubled a bystander's p99 in `npm run bench -- abuse`); a
 * few checks wait their turn, and one beyond those is refused at once, which costs nothing.
 */
const SCRYPT_AT_ONCE = Math.max(1, Math.min(2, availableParallelism() - 1));
const CHECKS_WAITING = 8;
let running = 0;
const waiting: Array<() => void> = [];

/** Run `work` when a slot is free; a check (`mayRefuse`) finding the queue full is refused instead. */
async function inTurn<T>(work: () => Promise<T>, mayRefuse: boolean): Promise<T> {
  if (running < SCRYPT_AT_ONCE) running++;
  else if (mayRefuse && waiting.length >= CHECKS_WAITING) throw ClientError.of(slowDown(1000, 'too many passcode checks at once'));
  // The finishing run hands its slot straight to the next in line, so no newcomer slips past the bound.
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** scrypt on the thread pool: the event loop keeps serving while it works. */
function scrypt(passcode: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(passcode.normalize('NFC'), salt, KEY_BYTES, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$<salt>$<hash>`, both base64url. A moderator's change waits its turn, never refused. */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await inTurn(() => scrypt(passcode, salt), false);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Throws `rate_limited` when too many checks are already running and waiting (S30). */
export async function passcodeMatches(candidate: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await inTurn(() => scrypt(candidate, Buffer.from(salt, 'base64url')), true);
  // Both are KEY_BYTES long, so the comparison time says nothing about the passcode.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
