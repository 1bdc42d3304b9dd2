/**
 * `npm run bench -- abuse [--seconds 8] [--state-mb 5]`: what one hostile participant costs
 * everyone else (issue 13). A real node holds an event with a large state; a bystander
 * moderator sends chat at a steady pace and measures each command's round trip while
 * `/healthz` is probed; first with no attack, then during each attack of attacks.ts, each
 * run by a process of its own. The budget: the bystander's p99 within 1.5× its value without
 * attack, `/healthz` p99 under 100 ms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packState } from '../../shared/wire.ts';
import { TestClient } from '../../tests/support/client.ts';
import { type NodeProcess, startNode } from '../../tests/support/nodeProcess.ts';
import { participantForm, registered } from '../../tests/support/register.ts';
import { ATTACKS, type Target } from './attacks.ts';

const EVENT = 'diaspora-covid19';
const MODERATOR = 'moderator: Kemo Camara';
/** The bystander's pace: a moderator's console, not a load generator. */
const COMMAND_EVERY_MS = 50;
const HEALTH_EVERY_MS = 100;
/** A person may post 20 contributions (K), each up to 5,000 characters. */
const POSTS_PER_PERSON = 20;
const POST_CHARS = 5000;

interface Phase {
  phase: string;
  commands: number;
  roundTripP50Ms: number;
  roundTripP99Ms: number;
  healthzP99Ms: number;
  rssMaxMb: number;
  attacker: Record<string, number>;
}

function option(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fill the event with contributions (moderators and participants alike), under raised limits. */
async function buildState(node: NodeProcess, stateMb: number): Promise<{ proposalId: number; stateBytes: number }> {
  const moderator = await TestClient.connect(node.url, node.tokens.get(MODERATOR)!);
  await moderator.must('event.start');
  await moderator.caughtUp(await moderator.must('proposals.add', { text: 'Open a diaspora desk in every consulate' }));
  const proposalId = moderator.state.proposals.items[0]!.id;
  await moderator.must('proposals.show', { proposalId });
  const authors = Math.min(50, Math.ceil((stateMb * 1e6) / (POSTS_PER_PERSON * POST_CHARS)));
  await Promise.all(
    Array.from({ length: authors }, async (_, a) => {
      const author = await TestClient.connect(node.url, (await registered(node.url, EVENT, participantForm(1000 + a))).token);
      for (let i = 0; i < POSTS_PER_PERSON; i++) {
        const text = `Contribution ${a}.${i}: what our association learnt running a food bank. `.repeat(POST_CHARS / 80).slice(0, POST_CHARS);
        await author.must('contributions.post', { kind: 'practice', title: `Practice ${a}.${i}`, text });
      }
      author.close();
    }),
  );
  await moderator.caughtUp(await moderator.must('chat.send', { text: 'Welcome' }));
  const stateBytes = Buffer.byteLength(JSON.stringify(packState(moderator.state)));
  moderator.close();
  return { proposalId, stateBytes };
}

async function startAttacker(name: string, target: Target): Promise<{ child: ChildProcess; stop(): Promise<Record<string, number>> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'attacker.ts'), name, JSON.stringify(target)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== 'started') throw new Error(`attack ${name} did not start`);
  return {
    child,
    async stop() {
      child.stdin!.write('stop\n');
      const report = (await lines.next()).value as string;
      return JSON.parse(report) as Record<string, number>;
    },
  };
}

/** The bystander's figures for `seconds`, while whatever runs runs. */
async function measure(node: NodeProcess, moderator: TestClient, seconds: number): Promise<Omit<Phase, 'phase' | 'attacker'>> {
  const until = performance.now() + seconds * 1000;
  const roundTrips: number[] = [];
  const health: number[] = [];
  let rssMax = 0;
  let n = 0;
  const commands = (async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const ack = await moderator.send('chat.send', { text: `Announcement ${n++}` });
      if (!ack.ok) throw new Error(`the bystander was refused: ${ack.error.code}`);
      const ms = performance.now() - sent;
      roundTrips.push(ms);
      await sleep(Math.max(0, COMMAND_EVERY_MS - ms));
    }
  })();
  const probes = (async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      await (await fetch(`${node.url}/healthz`)).arrayBuffer();
      const ms = performance.now() - sent;
      health.push(ms);
      await sleep(Math.max(0, HEALTH_EVERY_MS - ms));
    }
  })();
  const memory = (async () => {
    while (performance.now() < until) {
      const text = await (await fetch(`${node.opsUrl}/metrics`)).text();
      rssMax = Math.max(rssMax, Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1] ?? 0));
      await sleep(1000);
    }
  })();
  await Promise.all([commands, probes, memory]);
  return {
    commands: roundTrips.length,
    roundTripP50Ms: round(percentile(roundTrips, 50)),
    roundTripP99Ms: round(percentile(roundTrips, 99)),
    healthzP99Ms: round(percentile(health, 99)),
    rssMaxMb: Math.round(rssMax / 1e6),
  };
}

export async function runAbuseBench(argv: readonly string[]): Promise<Record<string, unknown>> {
  const seconds = option(argv, '--seconds', 8);
  const stateMb = option(argv, '--state-mb', 5);
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-bench-abuse-'));
  // Building the state takes a thousand posts from one address: the public's limits come after.
  let node = await startNode({ DATA_DIR: dataDir, RATE_LIMIT_SCALE: '1000', MAX_SOCKETS_PER_PERSON: '1000' });
  const phases: Phase[] = [];
  try {
    const { proposalId, stateBytes } = await buildState(node, stateMb);
    const attackers = await Promise.all(Object.keys(ATTACKS).map(async (_, i) => (await registered(node.url, EVENT, participantForm(i))).token));
    await node.stop();
    node = await startNode({ DATA_DIR: dataDir });
    const moderator = await TestClient.connect(node.url, node.tokens.get(MODERATOR)!);
    console.log(`\nabuse: the event's state is ${(stateBytes / 1e6).toFixed(1)} MB packed; ${seconds} s per phase`);
    phases.push({ phase: 'no attack', ...(await measure(node, moderator, seconds)), attacker: {} });
    for (const [i, name] of Object.keys(ATTACKS).entries()) {
      const attacker = await startAttacker(name, { url: node.url, tokens: [attackers[i]!], proposalId });
      const figures = await measure(node, moderator, seconds);
      phases.push({ phase: name, ...figures, attacker: await attacker.stop() });
      await sleep(2000); // the node settles before the next phase
    }
    moderator.close();
    const base = phases[0]!.roundTripP99Ms;
    console.log('\n| phase | commands | round trip p50 | p99 | p99 / no attack | /healthz p99 | RSS max | what the attacker saw |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of phases) {
      const saw = Object.entries(p.attacker)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      console.log(
        `| ${p.phase} | ${p.commands} | ${p.roundTripP50Ms} ms | ${p.roundTripP99Ms} ms | ${(p.roundTripP99Ms / base).toFixed(2)}× | ${p.healthzP99Ms} ms | ${p.rssMaxMb} MB | ${saw} |`,
      );
    }
    return { stateBytes, seconds, phases };
  } finally {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
