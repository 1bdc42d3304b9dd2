/**
 * `npm run bench -- abuse [--seconds 20] [--state-mb 5]`: what one hostile participant costs
 * everyone else (issue 13). A real node holds an event with a large state; a bystander
 * moderator sends chat at a steady pace and measures each command's round trip while
 * `/healthz` is probed; with no attack, then during an attack of attacks.ts (each run by a
 * process of its own from a loopback address of its own), and so on for each attack. The
 * budget: the bystander's p99 within 1.5× its value without attack (all quiet phases' round
 * trips pooled), `/healthz` p99 under 100 ms. Around some attacks
 * the bench checks the defence itself (`outcome`): whether a real person can post once the
 * fakes are purged, how many state digests the probes cost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DirectoryView } from '../../shared/api.ts';
import { LIMITS } from '../../shared/constants.ts';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';
import { packState } from '../../shared/wire.ts';
import { TestClient } from '../../tests/support/client.ts';
import { type NodeProcess, startNode } from '../../tests/support/nodeProcess.ts';
import { postEvent } from '../../tests/support/operator.ts';
import { participantForm, register, registered } from '../../tests/support/register.ts';
import { ATTACKS, type Target } from './attacks.ts';

const EVENT = 'diaspora-covid19';
const MODERATOR = 'moderator: Kemo Camara';
/** The event the fakes of point 3 fill: a board 100 short of its cap, the address's burst (S42) within reach of it. */
const BOARD = 'open-board';
const BOARD_ROOM = 100;
/**
 * Where each attack strikes, when not in the 5 MB event: that one is past S51's budget, so it
 * would refuse the votes `event_full` before S42 had anything to say.
 */
const ATTACK_EVENT: Record<string, string> = { votingSockets: BOARD, fakesFillCaps: BOARD };
const PASSCODE = 'Diaspora-2020!';
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
  /** What the bench checked around the attack, if anything. */
  outcome?: Record<string, string | number>;
}

/** What the bench does around an attack: prepares it, and once it stopped, checks the defence. */
interface Scene {
  before?(): Promise<void>;
  after?(): Promise<Record<string, string | number>>;
}

/** The event of points 2 and 3, as built: its moderator, a proposal on screen, a real person registered before any fake. */
interface Board {
  moderator: string;
  proposalId: number;
  realPerson: string;
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
async function buildState(node: NodeProcess, stateMb: number): Promise<number> {
  const moderator = await TestClient.connect(node.url, node.tokens.get(MODERATOR)!);
  await moderator.must('event.start');
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
  return stateBytes;
}

/** The event of points 2 and 3: created by the operator, its board filled by real people up to `BOARD_ROOM` short of the cap. */
async function buildBoard(node: NodeProcess): Promise<Board> {
  const created = await postEvent(node.url, node.operatorToken, { ...DEFAULT_TEMPLATE, id: BOARD });
  if (created.status !== 201) throw new Error(`creating ${BOARD}: ${created.status} ${await created.text()}`);
  const { links } = (await created.json()) as { links: Array<{ role: string; url: string }> };
  const moderatorToken = new URL(links.find((l) => l.role === 'moderator')!.url).hash.slice('#k='.length);
  const moderator = await TestClient.connect(node.url, moderatorToken);
  await moderator.must('event.start');
  await moderator.caughtUp(await moderator.must('proposals.add', { text: 'Open a diaspora desk in every consulate' }));
  const proposalId = moderator.state.proposals.items[0]!.id;
  await moderator.must('proposals.show', { proposalId });
  const posts = LIMITS.contributions - BOARD_ROOM;
  await Promise.all(
    Array.from({ length: posts / LIMITS.contributionsPerPerson }, async (_, a) => {
      const author = await TestClient.connect(node.url, (await registered(node.url, BOARD, participantForm(2000 + a))).token);
      for (let i = 0; i < LIMITS.contributionsPerPerson; i++)
        await author.must('contributions.post', { kind: 'need', title: `Need ${a}.${i}`, text: 'School supplies for the children of our community.' });
      author.close();
    }),
  );
  moderator.close();
  const realPerson = (await registered(node.url, BOARD, participantForm(3000, { name: 'Amina Real' }))).token;
  return { moderator: moderatorToken, proposalId, realPerson };
}

/** Point 3 once the fakes stopped: can a real person post, before and after a moderator purges every fake (S50)? */
async function purgeFakes(node: NodeProcess, board: Board): Promise<Record<string, string | number>> {
  const moderator = await TestClient.connect(node.url, board.moderator);
  const real = await TestClient.connect(node.url, board.realPerson);
  try {
    const post = async () => {
      const ack = await real.send('contributions.post', { kind: 'need', title: 'Laptops for a school in Kumasi', text: 'Ten laptops.' });
      return ack.ok ? 'accepted' : ack.error.code;
    };
    const before = await post();
    const fakes: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const res = await fetch(`${node.url}/api/events/${BOARD}/people?offset=${offset}&limit=200`, { headers: { authorization: `Bearer ${board.moderator}` } });
      const page = (await res.json()) as DirectoryView;
      fakes.push(...page.people.filter((p) => p.name.startsWith('Fake ')).map((p) => p.personId!));
      if (page.people.length < 200) break;
    }
    const purging = performance.now();
    for (const personId of fakes) await moderator.must('people.remove', { personId, reason: 'Spam', purge: true });
    const purgeMs = Math.round(performance.now() - purging);
    const visible = moderator.state.contributions.items.filter((c) => c.hidden === null).length;
    return {
      'real person before purge': before,
      'fakes purged': fakes.length,
      'purge ms': purgeMs,
      'visible after purge': visible,
      'real person after purge': await post(),
    };
  } finally {
    moderator.close();
    real.close();
  }
}

/** Digests of every state computed so far (S60). */
async function digestsComputed(node: NodeProcess): Promise<number> {
  const text = await (await fetch(`${node.opsUrl}/metrics`)).text();
  return Number(/^gavel_state_digests_total (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** Around a probe storm: how many digests it cost, against how many seqs the bystander went through. */
function countDigests(node: NodeProcess, moderator: TestClient): Scene {
  let digests = 0;
  let seq = 0;
  return {
    async before() {
      digests = await digestsComputed(node);
      seq = moderator.state.seq;
    },
    async after() {
      return { 'digests computed': (await digestsComputed(node)) - digests, 'seqs meanwhile': moderator.state.seq - seq };
    },
  };
}

async function setPasscode(node: NodeProcess, passcode: string | null): Promise<void> {
  const res = await fetch(`${node.url}/api/events/${EVENT}/registration`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${node.tokens.get(MODERATOR)!}`, 'content-type': 'application/json' },
    body: JSON.stringify({ open: true, passcode }),
  });
  if (res.status !== 200) throw new Error(`setting the passcode: ${res.status} ${await res.text()}`);
}

async function startAttacker(name: string, target: Target): Promise<{ child: ChildProcess; stop(): Promise<Record<string, number>> }> {
  // At the lowest priority: on a real network the attacker's CPU is theirs, not the node's
  // machine's; here it takes only what the node and the bystander leave (it still floods: see
  // the counts of what it saw).
  const child = spawn('nice', ['-n', '19', process.execPath, '--import', 'tsx', join(import.meta.dirname, 'attacker.ts'), name, JSON.stringify(target)], {
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

/** The bystander's figures for `seconds`, while whatever runs runs; its round trips into `pool` too. */
async function measure(node: NodeProcess, moderator: TestClient, seconds: number, pool: number[] = []): Promise<Omit<Phase, 'phase' | 'attacker'>> {
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
  pool.push(...roundTrips);
  return {
    commands: roundTrips.length,
    roundTripP50Ms: round(percentile(roundTrips, 50)),
    roundTripP99Ms: round(percentile(roundTrips, 99)),
    healthzP99Ms: round(percentile(health, 99)),
    rssMaxMb: Math.round(rssMax / 1e6),
  };
}

export async function runAbuseBench(argv: readonly string[]): Promise<Record<string, unknown>> {
  const seconds = option(argv, '--seconds', 20);
  const stateMb = option(argv, '--state-mb', 5);
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-bench-abuse-'));
  // Building the state takes thousands of posts from one address: the public's limits come after.
  // The issue's 5 MB state is past S51's budget (4 MB): it is built under a raised one too.
  let node = await startNode({ DATA_DIR: dataDir, RATE_LIMIT_SCALE: '1000', MAX_SOCKETS_PER_PERSON: '1000', STATE_BUDGET_BYTES: String(100e6) });
  const phases: Phase[] = [];
  try {
    const stateBytes = await buildState(node, stateMb);
    const board = await buildBoard(node);
    const eventOf = (name: string) => ATTACK_EVENT[name] ?? EVENT;
    const attackers = await Promise.all(Object.keys(ATTACKS).map(async (name, i) => (await registered(node.url, eventOf(name), participantForm(i))).token));
    await node.stop();
    node = await startNode({ DATA_DIR: dataDir });
    const moderator = await TestClient.connect(node.url, node.tokens.get(MODERATOR)!);
    const live = node;
    const scenes: Record<string, Scene> = {
      fakesFillCaps: { after: () => purgeFakes(live, board) },
      wrongPasscodes: {
        before: () => setPasscode(live, PASSCODE),
        async after() {
          // S31: while the event's budget of wrong guesses is spent, the right passcode waits too.
          const right = await register(live.url, EVENT, participantForm(4000, { passcode: PASSCODE }));
          await setPasscode(live, null);
          return { 'right passcode from another address, just after': right.status };
        },
      },
      opsPublic: countDigests(live, moderator),
      opsListener: countDigests(live, moderator),
    };
    console.log(`\nabuse: the event's state is ${(stateBytes / 1e6).toFixed(1)} MB packed; ${seconds} s per phase`);
    // A quiet phase before each attack: the machine drifts (other work, the state growing with the
    // bystander's chat), and one quiet p99 is the 4th worst of 400 round trips. Attacks are judged
    // against every quiet round trip pooled, measured between them.
    const quiet: number[] = [];
    for (const [i, name] of Object.keys(ATTACKS).entries()) {
      const calm = await measure(node, moderator, seconds, quiet);
      phases.push({ phase: `no attack, before ${name}`, ...calm, attacker: {} });
      const scene = scenes[name] ?? {};
      await scene.before?.();
      const target: Target = {
        url: node.url,
        opsUrl: node.opsUrl,
        address: `127.0.0.${10 + i}`,
        eventId: eventOf(name),
        tokens: [attackers[i]!],
        proposalId: board.proposalId,
      };
      const attacker = await startAttacker(name, target);
      const figures = await measure(node, moderator, seconds);
      const attackerSaw = await attacker.stop();
      const outcome = await scene.after?.();
      phases.push({ phase: name, ...figures, attacker: attackerSaw, ...(outcome && Object.keys(outcome).length ? { outcome } : {}) });
      await sleep(2000); // the node settles before the next phase
    }
    moderator.close();
    const base = round(percentile(quiet, 99));
    phases.unshift({
      phase: 'no attack, all quiet phases',
      commands: quiet.length,
      roundTripP50Ms: round(percentile(quiet, 50)),
      roundTripP99Ms: base,
      healthzP99Ms: Math.max(...phases.filter((p) => p.phase.startsWith('no attack')).map((p) => p.healthzP99Ms)),
      rssMaxMb: Math.max(...phases.map((p) => p.rssMaxMb)),
      attacker: {},
    });
    const list = (o: Record<string, string | number> = {}) =>
      Object.entries(o)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    console.log('\n| phase | commands | round trip p50 | p99 | p99 / quiet | /healthz p99 | RSS max | what the attacker saw | checked after |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of phases) {
      console.log(
        `| ${p.phase} | ${p.commands} | ${p.roundTripP50Ms} ms | ${p.roundTripP99Ms} ms | ${(p.roundTripP99Ms / base).toFixed(2)}× | ${p.healthzP99Ms} ms | ${p.rssMaxMb} MB | ${list(p.attacker)} | ${list(p.outcome)} |`,
      );
    }
    return { stateBytes, seconds, quietRoundTripP99Ms: base, phases };
  } finally {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
