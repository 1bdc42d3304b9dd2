/**
 * S8: one socket sends 10,000 commands a second to a real node (its own process, default
 * limits). It is throttled, then disconnected and kept out for a while; the other clients
 * keep working, and their command round trips are measured before and during the flood.
 * Timing is printed, not asserted beyond a generous sanity bound: benchmarks measure speed.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ack } from '../../../shared/protocol.ts';
import { TestClient } from '../../support/client.ts';
import { nodePerFile } from '../../support/nodeProcess.ts';
import type { FloodReport } from './floodAttacker.ts';
import { percentile, registered } from './support.ts';

const EVENT = 'diaspora-covid19';
const ROOT = resolve(import.meta.dirname, '../../..');

interface Sample {
  ms: number;
  ack: Ack | null;
  fromModerator: boolean;
}

/** Keep sending `next()` from `client`, one at a time, every `everyMs`, until `stop()` says so. */
async function keepSending(
  client: TestClient,
  next: () => { type: string; payload: unknown },
  everyMs: number,
  stop: () => boolean,
  into: Sample[],
): Promise<void> {
  while (!stop()) {
    const { type, payload } = next();
    const t0 = performance.now();
    const ack = await client.send(type, payload).catch(() => null);
    into.push({ ms: performance.now() - t0, ack, fromModerator: client.self?.role === 'moderator' });
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function startAttacker(url: string, token: string): { ready: Promise<void>; report: Promise<FloodReport> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/security/floodAttacker.ts'], {
    cwd: ROOT,
    env: { ...process.env, FLOOD_URL: url, FLOOD_TOKEN: token, FLOOD_RATE: '10000', FLOOD_MS: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready')) markReady();
  });
  const report = new Promise<FloodReport>((resolvePromise, reject) =>
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`the attacker failed (${code}): ${out}`));
      resolvePromise(JSON.parse(line) as FloodReport);
    }),
  );
  return { ready, report };
}

describe('S8: a socket flooding the node', () => {
  const node = nodePerFile('gavel-flood-');

  it('S8: 10,000 commands a second from one socket: throttled, disconnected, kept out; the others do not notice', async () => {
    const { url, tokens } = node();
    const moderator = await TestClient.connect(url, tokens.get('moderator: Kemo Camara')!);
    const others = [moderator];
    for (let i = 0; i < 4; i++) others.push(await TestClient.connect(url, (await registered(url, EVENT, { name: `Bystander ${i}` })).token));
    const attacker = await registered(url, EVENT, { name: 'Flooder' });
    await moderator.must('event.start');

    // The moderator chats (a full append and broadcast), the participants send a command the node checks and refuses.
    let phase: 'baseline' | 'flood' | 'done' = 'baseline';
    const samples = { baseline: [] as Sample[], flood: [] as Sample[] };
    let n = 0;
    const loops = others.map((client, i) =>
      (async () => {
        while (phase !== 'done') {
          const into = samples[phase];
          await keepSending(
            client,
            () => (i === 0 ? { type: 'chat.send', payload: { text: `update ${n++}` } } : { type: 'floor.end', payload: {} }),
            // Bystanders stay under the per-socket limit (50 a second) however fast their acks come.
            i === 0 ? 20 : 25,
            () => phase === 'done' || samples[phase] !== into,
            into,
          );
        }
      })(),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const flood = startAttacker(url, attacker.token);
    await flood.ready;
    phase = 'flood';
    const report = await flood.report;
    await new Promise((r) => setTimeout(r, 300));
    phase = 'done';
    await Promise.all(loops);

    const base = samples.baseline.map((s) => s.ms);
    const during = samples.flood.map((s) => s.ms);
    const figures = (label: string, ms: number[]) =>
      `${label}: p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms (n=${ms.length})`;
    const split = (list: Sample[], moderatorSide: boolean) => list.filter((s) => s.fromModerator === moderatorSide).map((s) => s.ms);
    console.log(
      `\n  S8 flood: the attacker sent ${report.sent} commands before the node cut it off ` +
        `(${report.accepted} accepted, ${report.refused} checked and refused, ${report.rateLimited} rate_limited); ` +
        `disconnected after ${report.disconnectedAfterMs} ms with notice "${report.notice}"; ` +
        `${report.reconnects} reconnection attempts in the rest of the second, the last: "${report.reconnect}".` +
        `\n  Other clients' command round trips (${others.length} clients, all commands):` +
        `\n    ${figures('before the flood', base)}\n    ${figures('during the flood', during)}` +
        `\n    of which checked and answered (participants): ${figures('before', split(samples.baseline, false))}; ${figures('during', split(samples.flood, false))}` +
        `\n    of which appended to the file ledger (moderator chat): ${figures('before', split(samples.baseline, true))}; ${figures('during', split(samples.flood, true))}\n`,
    );

    // Throttled, then disconnected with an explanation, and kept out for a while.
    expect(report.rateLimited).toBeGreaterThan(0);
    expect(report.notice).toBe('throttled');
    expect(report.disconnectedAfterMs).not.toBeNull();
    expect(report.disconnectedAfterMs!).toBeLessThan(1_000);
    expect(report.reconnects).toBeGreaterThan(0);
    expect(report.reconnect).toBe('rate_limited');
    // The others noticed nothing: every command answered, none throttled, everyone still connected.
    expect(during.length).toBeGreaterThan(100);
    for (const s of [...samples.baseline, ...samples.flood]) {
      expect(s.ack).not.toBeNull();
      if (s.ack && !s.ack.ok) expect(s.ack.error.code).toBe('no_floor');
    }
    expect(others.every((c) => c.socket.connected)).toBe(true);
    expect(percentile(during, 99)).toBeLessThan(1_000);
    // And they all still see the same event.
    const seq = await moderator.must('chat.send', { text: 'after the flood' });
    await Promise.all(others.map((c) => c.caughtUp(seq)));
    for (const c of others) expect(c.state).toEqual(moderator.state);
    for (const c of others) c.close();
  }, 60_000);
});
