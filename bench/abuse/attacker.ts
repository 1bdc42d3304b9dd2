/**
 * A child process running one attack (bench/abuse/attacks.ts):
 * `node --import tsx bench/abuse/attacker.ts <name> '<Target as JSON>'`. It prints `started`
 * once the attack runs; a line on stdin stops it, and it prints what it saw as one JSON line.
 */
import { createInterface } from 'node:readline';
import { ATTACKS, type Target } from './attacks.ts';

const [name, target] = process.argv.slice(2);
const attack = ATTACKS[name ?? ''];
if (!attack || !target) throw new Error(`usage: attacker.ts <${Object.keys(ATTACKS).join('|')}> <target JSON>`);
const stop = await attack(JSON.parse(target) as Target);
console.log('started');
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
await lines.next();
console.log(JSON.stringify(await stop()));
process.exit(0);
