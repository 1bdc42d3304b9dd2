/**
 * Issue 13, point 5 (S60): readiness and metrics are the operator's, on a listener of their own;
 * the public port answers liveness and nothing else, and a probe storm hashes each state once.
 */
import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.ts';
import { type NodeProcess, nodePerFile } from '../support/nodeProcess.ts';

const EVENT = 'diaspora-covid19';

/** What every listener must send (S12), and must not. */
function expectHardened(res: Response, what: string): void {
  expect(res.headers.get('content-security-policy'), what).toContain("default-src 'self'");
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('x-powered-by'), what).toBeNull();
}

/** The digests computed so far, as /metrics counts them. */
async function digestsComputed(node: NodeProcess): Promise<number> {
  const text = await (await fetch(`${node.opsUrl}/metrics`)).text();
  return Number(/^gavel_state_digests_total (\d+)$/m.exec(text)![1]);
}

/** Eight load-balancer-style probes at once, as in the report: their digests of `EVENT`. */
async function probeStorm(node: NodeProcess): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(`${node.opsUrl}/readyz?digest=1`)));
  return Promise.all(
    answers.map(async (res) => {
      expect(res.status).toBe(200);
      return ((await res.json()) as { events: Record<string, { digest: string }> }).events[EVENT]!.digest;
    }),
  );
}

describe('S60: the ops listener', () => {
  const node = nodePerFile('gavel-ops-');

  it('S60: the public port answers /healthz with liveness only, hardened; /readyz and /metrics are not there', async () => {
    const health = await fetch(`${node().url}/healthz`);
    expect(health.status).toBe(200);
    expectHardened(health, '/healthz');
    expect(await health.json()).toEqual({ ok: true });
    for (const path of ['/readyz', '/readyz?digest=1', '/metrics']) {
      const res = await fetch(`${node().url}${path}`);
      expect(res.status, path).toBe(404);
      expectHardened(res, path);
      const body = await res.text();
      expect(body).toMatch(/ops port/);
      expect(body).not.toContain(EVENT);
    }
  });

  it('S60: the ops listener, on 127.0.0.1 by default, serves readiness with digests and metrics, hardened too', async () => {
    expect(new URL(node().opsUrl).hostname).toBe('127.0.0.1');
    const ready = await fetch(`${node().opsUrl}/readyz?digest=1`);
    expect(ready.status).toBe(200);
    expectHardened(ready, 'ops /readyz');
    expect(((await ready.json()) as { events: Record<string, { digest: string }> }).events[EVENT]!.digest).toMatch(/^[0-9a-f]{64}$/);
    const metrics = await fetch(`${node().opsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expectHardened(metrics, 'ops /metrics');
    expect(await metrics.text()).toMatch(/^gavel_ledger_up 1$/m);
    const health = await fetch(`${node().opsUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('S60: a storm of digest probes hashes each seq of the event once; a new entry, once more', async () => {
    await probeStorm(node()); // whatever the earlier tests left uncounted at this seq
    const before = await digestsComputed(node());
    const first = await probeStorm(node());
    expect(new Set(first).size).toBe(1);
    expect(await digestsComputed(node())).toBe(before);

    const moderator = await TestClient.connect(node().url, node().tokens.get('moderator: Kemo Camara')!);
    try {
      await moderator.must('chat.send', { text: 'a new seq' });
    } finally {
      moderator.close();
    }
    const second = await probeStorm(node());
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
    expect(await digestsComputed(node())).toBe(before + 1);
  });
});

describe('S60: probes of a moving state', () => {
  // The moderator's chat only keeps the state moving here: its own limits are not what is tested.
  const node = nodePerFile('gavel-ops-moving-', { RATE_LIMIT_SCALE: '1000' });

  it('S60: probes as fast as answered while entries keep coming hash the state at most once a second, each digest with its own seq', async () => {
    const moderator = await TestClient.connect(node().url, node().tokens.get('moderator: Kemo Camara')!);
    const before = await digestsComputed(node());
    const seqBefore = moderator.state.seq;
    const started = performance.now();
    let sending = true;
    const chatter = (async () => {
      for (let i = 0; sending; i++) await moderator.must('chat.send', { text: `moving ${i}` });
    })();
    const seen = new Map<number, string>();
    let answers = 0;
    const prober = async () => {
      while (performance.now() - started < 2_500) {
        const res = await fetch(`${node().opsUrl}/readyz?digest=1`);
        expect(res.status).toBe(200);
        const { seq, digest } = ((await res.json()) as { events: Record<string, { seq: number; digest: string }> }).events[EVENT]!;
        // One seq, one digest: never a digest of one state beside the seq of another.
        expect(seen.get(seq) ?? digest).toBe(digest);
        seen.set(seq, digest);
        answers++;
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, prober));
    } finally {
      sending = false;
      await chatter;
      moderator.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const computed = (await digestsComputed(node())) - before;
    // The state moved on at every answer, and 8 probes asked all the while.
    expect(moderator.state.seq).toBeGreaterThan(seqBefore + 10);
    expect(answers).toBeGreaterThanOrEqual(8);
    expect(computed).toBeGreaterThanOrEqual(1);
    expect(computed).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    // Every digest answered was computed here, but perhaps the first: the state the storm found.
    expect(seen.size).toBeGreaterThanOrEqual(computed);
    expect(seen.size).toBeLessThanOrEqual(computed + 1);
  });
});
