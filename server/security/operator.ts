/**
 * The operator's token (S61): whoever runs the deployment creates events with it. It belongs to
 * no event and signs nobody in, so that holding an event's moderator link never lets anyone
 * create events (issue 13). It is `OPERATOR_TOKEN`, or one generated once into
 * `DATA_DIR/operator-token` (mode 0600, like links.json).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newToken } from '../auth/types.ts';

export const OPERATOR_TOKEN_FILE = 'operator-token';

export interface OperatorToken {
  token: string;
  /** Where it came from: the environment (never printed), or the file, `created` by this very call. */
  source: 'env' | 'file';
  created: boolean;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The file's token, or null when there is none yet. A damaged file stops the caller with its name. */
export function readOperatorTokenFile(dataDir: string): string | null {
  const path = join(dataDir, OPERATOR_TOKEN_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const token = text.trim();
  if (!TOKEN_SHAPE.test(token)) throw new Error(`${path} does not hold an operator token: delete it and start again to generate a new one`);
  return token;
}

/** `OPERATOR_TOKEN`, else the file's, else a new one written to the file. */
export function loadOperatorToken(fromEnv: string | null, dataDir: string): OperatorToken {
  if (fromEnv) return { token: fromEnv, source: 'env', created: false };
  const existing = readOperatorTokenFile(dataDir);
  if (existing) return { token: existing, source: 'file', created: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = newToken();
  try {
    // `wx`: nodes starting together on one DATA_DIR keep the first one written.
    writeFileSync(join(dataDir, OPERATOR_TOKEN_FILE), `${token}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { token: readOperatorTokenFile(dataDir)!, source: 'file', created: false };
  }
  return { token, source: 'file', created: true };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a presented token is the operator's, in constant time: both sides are hashed first,
 * so the comparison takes as long whatever the length or the first wrong character.
 */
export function operatorCheck(operatorToken: string | null): (presented: string) => boolean {
  const expected = operatorToken ? sha256(operatorToken) : null;
  return (presented) => expected !== null && timingSafeEqual(sha256(presented), expected);
}

/** As the terminal shows it (a node's first start, `npm run links`). */
export function formatOperatorToken(token: string): string {
  return `Operator token, to create events (POST /api/events with Authorization: Bearer <token>; keep it private): ${token}`;
}
