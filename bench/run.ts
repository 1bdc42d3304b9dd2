/** `npm run bench [-- name…]`: run the benchmarks, print Markdown tables, keep JSON in bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCoreBench } from './core.ts';

const SUITES: Record<string, () => Promise<Record<string, unknown>>> = {
  core: runCoreBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(SUITES);
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
  results[name] = await suite();
}
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${names.join('-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${file}`);
