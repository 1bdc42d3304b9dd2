/**
 * The built client the server serves. CI runs `npm run build` first; locally the suite
 * builds with Vite's API when dist/ is missing or older than the client and shared sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const DIST = join(ROOT, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function distIsFresh(): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return built >= newestMtime(join(ROOT, 'client')) && built >= newestMtime(join(ROOT, 'shared'));
}

export async function ensureClientBuilt(): Promise<string> {
  if (!distIsFresh()) {
    const { build } = await import('vite');
    // Vitest sets NODE_ENV=test, with which Vite bundles Preact's development build (+70 KB):
    // the suite must test, and measure, what `npm run build` serves.
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'client'), logLevel: 'warn' });
    } finally {
      process.env.NODE_ENV = mode;
    }
  }
  return DIST;
}
