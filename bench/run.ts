/**
 * `npm run bench [-- name… --option value…]`: run the benchmarks, print Markdown tables, keep
 * JSON in bench/results/. Options go to every suite that takes them, e.g.
 * `npm run bench -- load --clients 5000 --nodes 1` (see bench/load/options.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAbuseBench } from './abuse/index.ts';
import { runCoreBench } from './core.ts';
import { runLoadBench } from './load/index.ts';

const SUITES: Record<string, (argv: readonly string[]) => Promise<Record<string, unknown>>> = {
  core: runCoreBench,
  load: runLoadBench,
  abuse: runAbuseBench,
};

const argv = process.argv.slice(2);
// A bare word is a suite name unless it is the value of the option before it.
const wanted = argv.filter((a, i) => !a.startsWith('-') && !(argv[i - 1]?.startsWith('--') && !argv[i - 1]!.includes('=')));
const names = wanted.length ? wanted : Object.keys(SUITES);
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
  results[name] = await suite(argv.filter((a) => !wanted.includes(a)));
}
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${names.join('-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${file}`);
