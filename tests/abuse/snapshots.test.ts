/**
 * Issue 13.1: one socket must not freeze the node with snapshots. Sync floods from far back,
 * connect/disconnect loops, a join storm at one seq: through a real node with its real limits,
 * counting what the node encoded (`/metrics`) and what each socket was answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_DELAY_MS } from '../../server/security/rateLimiter.ts';
import type { SyncReply } from '../../shared/protocol.ts';
import { readPackedState } from '../../shared/wire.ts';
import { TestClient } from '../support/client.ts';
import { type NodeProcess, startNode } from '../support/nodeProcess.ts';
import { participantForm, registered } from '../support/register.ts';

const EVENT = 'diaspora-covid19';
/** The default handshakes per person before the node says slow down (server/security/options.ts). */
const HANDSHAKE_BURST_PER_PERSON = 6;
/** S41: one more handshake per person every 5 s. */
const HANDSHAKE_EVERY_MS = 5000;

describe('issue 13.1: snapshots cost once per seq and at most one per socket every few seconds', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-abuse-snapshots-'));
  let node: NodeProcess;
  let moderator: TestClient;
  const opened: TestClient[] = [];
  let people = 0;

  const connect = async (token: string) => {
    const client = await TestClient.connect(node.url, token);
    opened.push(client);
    return client;
  };
  const newPerson = () => registered(node.url, EVENT, participantForm(++people));
  /** Times the node encoded the snapshot every join shares (S40). */
  const encodings = async () => {
    const text = await (await fetch(`${node.opsUrl}/metrics`)).text();
    return Number(new RegExp(`^gavel_snapshot_encodings\\{event="${EVENT}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    node = await startNode({ DATA_DIR: dataDir });
    moderator = await TestClient.connect(node.url, node.tokens.get('moderator: Kemo Camara')!);
    await moderator.must('event.start');
    // A state worth encoding: contributions of a few KB each.
    for (let i = 0; i < 20; i++) {
      await moderator.must('contributions.post', { kind: 'practice', title: `Practice ${i}`, text: `A long account of what worked. `.repeat(150) });
    }
  }, 60_000);
  afterEach(() => {
    for (const client of opened.splice(0)) client.close();
  });
  afterAll(async () => {
    moderator?.close();
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('S40: a join storm at one seq is encoded once, and every joiner gets the same state', async () => {
    const tokens = await Promise.all(Array.from({ length: 12 }, async () => (await newPerson()).token));
    // Registrations append entries: the storm starts once they are all applied.
    await moderator.caughtUp(await moderator.must('chat.send', { text: 'Welcome, everyone' }));
    const before = await encodings();
    const joiners = await Promise.all(tokens.map(connect));
    expect(await encodings()).toBe(before + 1);
    for (const joiner of joiners) expect(joiner.state).toEqual(joiners[0]!.state);
  });

  it('S41: 30 syncs from far back on one socket get one snapshot, later, and 29 rate_limited', async () => {
    const attacker = await connect((await newPerson()).token);
    const before = await encodings();
    const replies: SyncReply[] = await Promise.all(
      Array.from({ length: 30 }, () => attacker.untyped.timeout(15_000).emitWithAck('sync', { sinceSeq: 1e9 }) as Promise<SyncReply>),
    );
    const snapshots = replies.filter((r) => r.ok && 'snapshot' in r);
    const limited = replies.filter((r) => !r.ok && r.error.code === 'rate_limited');
    expect(snapshots).toHaveLength(1);
    expect(limited).toHaveLength(29);
    for (const r of limited) expect(!r.ok && r.error.retryAfterMs).toBeGreaterThan(0);
    // No command in between: the one snapshot is the shared encoding, not a new one.
    expect(await encodings()).toBe(before);
    // The one that came is the event as it is: a client that really fell behind converges.
    const [answer] = snapshots;
    if (answer?.ok && 'snapshot' in answer) expect(readPackedState(answer.snapshot.state).seq).toBe(moderator.state.seq);
  });

  it('S41, S62: a person connecting and disconnecting in a loop is refused after a few handshakes, each refusal told a second later', async () => {
    const { token } = await newPerson();
    const outcomes: string[] = [];
    const refusalMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 12; i++) {
      const sent = performance.now();
      outcomes.push(
        await new Promise<string>((resolve) => {
          const socket = io(node.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
          socket.once('snapshot', () => {
            socket.close();
            resolve('snapshot');
          });
          socket.once('connect_error', (err) => {
            socket.close();
            refusalMs.push(performance.now() - sent);
            resolve(err.message);
          });
        }),
      );
    }
    // The burst, then one more every 5 s the loop ran (slowed by the refusals' delay).
    const served = outcomes.filter((o) => o === 'snapshot').length;
    expect(served).toBeGreaterThanOrEqual(HANDSHAKE_BURST_PER_PERSON);
    expect(served).toBeLessThanOrEqual(HANDSHAKE_BURST_PER_PERSON + 1 + Math.floor((performance.now() - started) / HANDSHAKE_EVERY_MS));
    expect(refusalMs.length).toBeGreaterThan(0);
    // A timer never fires early: each refusal waited out the delay, however loaded the machine.
    for (const ms of refusalMs) expect(ms).toBeGreaterThanOrEqual(REFUSAL_DELAY_MS - 5);
    expect(outcomes.filter((o) => o !== 'snapshot').every((o) => o === 'rate_limited')).toBe(true);
  });
});
