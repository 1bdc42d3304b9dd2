/**
 * The event-core budgets (issue 2), measured:
 * - replay of 100,000 entries rebuilds state in under 1 s;
 * - a join snapshot with 5,000 registered participants, 500 raised hands and a full chat
 *   window stays under 150 KB of JSON;
 * - command round trip (emit → ack) on one node with 100 connected clients: p99 under 20 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import type { Entry } from '../shared/protocol.ts';
import { replay } from '../shared/reducer/index.ts';
import { type EventState, emptyState } from '../shared/state.ts';
import { DEFAULT_TEMPLATE, setupFromTemplate } from '../shared/template.ts';
import { packState } from '../shared/wire.ts';
import { TestClient } from '../tests/support/client.ts';
import { startNode } from '../tests/support/nodeProcess.ts';
import { prng } from '../tests/support/randomCommands.ts';
import { pinToCpu } from './load/proc.ts';

const REGIONS = ['africa', 'asia', 'europe', 'other'] as const;

function actor(i: number, role: 'participant' | 'moderator' = 'participant') {
  return {
    id: `p_${i.toString(36).padStart(12, '0')}`,
    role,
    name: `Participant number ${i}`,
    community: 'Senegalese diaspora',
    region: REGIONS[i % 4]!,
    country: 'France',
  };
}

/**
 * A realistic ledger: the seed event, then mostly chat (a 2-hour event at 20 messages a
 * second is ~144,000 entries), hands going up and down, and a turn every ~150 entries
 * (~660 turns: ten times what two hours of 2-minute turns allow). Per-turn cost grows with
 * the number of distinct people who have spoken (their stats are copied per turn).
 */
export function syntheticLedger(count: number, seed = 1): Entry[] {
  const random = prng(seed);
  const moderator = { ...actor(0, 'moderator'), id: 'kemo-camara' };
  const entries: Entry[] = [];
  let at = 1_700_000_000_000;
  const push = (a: Entry['actor'], command: Entry['command']) => {
    at += Math.floor(random() * 200);
    entries.push({ seq: entries.length + 1, at, actor: a, command });
  };
  push({ ...moderator, role: 'system', id: 'system' }, { type: 'event.create', payload: setupFromTemplate(DEFAULT_TEMPLATE) });
  push(moderator, { type: 'event.start', payload: {} });
  push(moderator, { type: 'agenda.next', payload: {} });
  push(moderator, { type: 'agenda.next', payload: {} });
  while (entries.length < count) {
    const r = random();
    const who = actor(1 + Math.floor(random() * 5000));
    // Hands come from the ~600 people taking part in the discussion, so the queue stays near 500.
    const discussant = actor(1 + Math.floor(random() * 600));
    if (r < 0.75) push(who, { type: 'chat.send', payload: { text: `A message about our community response, number ${entries.length}` } });
    else if (r < 0.87) push(discussant, { type: 'queue.raise', payload: { topic: 'Mobile money transfers for families' } });
    else if (r < 0.993) push(discussant, { type: 'queue.lower', payload: { kind: 'hand' } });
    else if (r < 0.9975) push(moderator, { type: 'floor.giveNext', payload: {} });
    else push(moderator, { type: 'floor.end', payload: {} });
  }
  return entries;
}

function measureReplay(): { entries: number; ms: number } {
  const entries = syntheticLedger(100_000);
  replay(emptyState('bench'), entries.slice(0, 5000)); // warm up the JIT
  const start = performance.now();
  replay(emptyState('bench'), entries);
  return { entries: entries.length, ms: Math.round(performance.now() - start) };
}

/** The snapshot a joining client downloads, with the queue and chat full. Registrations are not in state. */
function measureSnapshot(topic: string, text: string): number {
  const entries = syntheticLedger(4);
  let seq = entries.length;
  let state: EventState = replay(emptyState('diaspora-covid19'), entries);
  const more: Entry[] = [];
  for (let i = 1; i <= 500; i++) more.push({ seq: ++seq, at: 1_700_000_100_000 + i, actor: actor(i), command: { type: 'queue.raise', payload: { topic } } });
  for (let i = 1; i <= 200; i++)
    more.push({ seq: ++seq, at: 1_700_000_200_000 + i, actor: actor(1000 + i), command: { type: 'chat.send', payload: { text } } });
  state = replay(state, more);
  if (state.queue.hands.length !== 500 || state.chat.messages.length !== 200) throw new Error('snapshot fixture is not full');
  return Buffer.byteLength(JSON.stringify({ state: packState(state), self: actor(1) }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Emit → ack on one node (file ledger, fsync before ack) with 100 connected clients that all
 * receive every entry. The clients are plain sockets here (a browser's reducer work happens
 * on its own machine, not on this one): ten of them send, one command in flight each; the
 * other ninety receive in a process of their own (bench/receivers.ts).
 */
export async function measureRoundTrip(clientCount = 100, senders = 10, commandsEach = 200): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-bench-'));
  // 100 registrations from one address: the per-address limits are for the public, not for this bench.
  const node = await startNode({ DATA_DIR: dataDir, RATE_LIMIT_SCALE: '1000' });
  const sockets: Socket[] = [];
  const receivers = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'receivers.ts'), node.url], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: receivers.stdout })[Symbol.asyncIterator]();
  // The node on a core of its own, the clients on the other: the budget is the node's (issue 14).
  const pinned = availableParallelism() >= 2;
  if (pinned) {
    pinToCpu([node.child.pid!], 0);
    pinToCpu([process.pid, receivers.pid!], 1);
  }
  try {
    const moderator = await TestClient.connect(node.url, node.tokens.get('moderator: Kemo Camara')!);
    await moderator.must('event.start');
    moderator.close();
    let delivered = 0;
    for (let i = 0; i < clientCount; i++) {
      const res = await fetch(`${node.url}/api/events/diaspora-covid19/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench ${i}`, community: 'Bench diaspora', region: REGIONS[i % 4], country: 'Kenya', consentToBeNamed: true }),
      });
      if (!res.ok) throw new Error(`bench registration refused: ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      if (i >= senders) {
        receivers.stdin.write(`${token}\n`);
        continue;
      }
      const socket = io(node.url, { auth: { token }, transports: ['websocket'], forceNew: true });
      socket.on('entries', ({ entries }: { entries: unknown[] }) => (delivered += entries.length));
      await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
      sockets.push(socket);
    }
    receivers.stdin.end('\n');
    if ((await lines.next()).value !== 'ready') throw new Error('the receivers did not join');
    const samples: number[] = [];
    await Promise.all(
      sockets.map(async (socket, s) => {
        for (let i = 0; i < commandsEach; i++) {
          const command =
            i % 4 === 0
              ? { type: 'queue.raise', payload: { topic: 'A point' } }
              : i % 4 === 2
                ? { type: 'queue.lower', payload: {} }
                : { type: 'chat.send', payload: { text: `round trip ${s}.${i}` } };
          const start = performance.now();
          const ack = (await socket.emitWithAck('command', command)) as { ok: boolean };
          samples.push(performance.now() - start);
          if (!ack.ok) throw new Error(`bench command refused: ${JSON.stringify(ack)}`);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    receivers.kill('SIGTERM');
    delivered += Number((await lines.next()).value);
    samples.sort((a, b) => a - b);
    const round = (n: number) => +n.toFixed(2);
    return {
      pinned: Number(pinned),
      clients: clientCount,
      commands: samples.length,
      delivered,
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      p99: round(percentile(samples, 99)),
      max: round(samples.at(-1)!),
    };
  } finally {
    receivers.kill('SIGKILL');
    if (pinned) pinToCpu([process.pid], 'any');
    for (const s of sockets) s.close();
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runCoreBench(): Promise<Record<string, unknown>> {
  const replayResult = measureReplay();
  const typical = measureSnapshot('Mobile money for families', 'We delivered food parcels to 300 families in Dakar during the lockdown.');
  const worst = measureSnapshot('t'.repeat(140), 'm'.repeat(1000));
  const roundTrip = await measureRoundTrip();
  const results = {
    replay100k: { ...replayResult, budgetMs: 1000 },
    snapshot: { typicalBytes: typical, worstCaseBytes: worst, budgetBytes: 150 * 1024 },
    roundTrip: { ...roundTrip, budgetP99Ms: 20 },
  };
  console.log('\n## Event core (issue 2)\n');
  console.log('| measure | figure | budget |\n|---|---|---|');
  console.log(`| replay of ${replayResult.entries.toLocaleString('en')} entries | ${replayResult.ms} ms | < 1000 ms |`);
  console.log(`| join snapshot, 500 hands + 200 chat messages (25-character topics, 70-character messages) | ${(typical / 1024).toFixed(1)} KB | < 150 KB |`);
  console.log(`| same, every topic and message at its maximum length | ${(worst / 1024).toFixed(1)} KB | (worst case) |`);
  console.log(
    `| command round trip, ${roundTrip.clients} clients, ${roundTrip.commands} commands${roundTrip.pinned ? ', node on CPU 0, clients on CPU 1' : ''}: p50 / p95 / p99 / max | ${roundTrip.p50} / ${roundTrip.p95} / ${roundTrip.p99} / ${roundTrip.max} ms | p99 < 20 ms |`,
  );
  return results;
}
