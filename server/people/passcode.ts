/**
 * The event passcode: a secret shared with invitees, so it is never stored or logged in
 * clear and never enters the ledger. It is kept as a salted scrypt hash (slow to guess even
 * if the auth store leaks) and checked in constant time.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

const KEY_BYTES = 32;

/** scrypt runs on libuv's thread pool: the event loop keeps serving while it works. */
function scrypt(passcode: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(passcode.normalize('NFC'), salt, KEY_BYTES, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$<salt>$<hash>`, both base64url. */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(passcode, salt);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function passcodeMatches(candidate: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(candidate, Buffer.from(salt, 'base64url'));
  // Both are KEY_BYTES long, so the comparison time says nothing about the passcode.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
