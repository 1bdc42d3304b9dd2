/**
 * What the load balancer and the operator see of a node: /healthz, /readyz and /metrics on the
 * ops listener (OPS_PORT, S60), and the drain that a graceful shutdown runs. They stay off the
 * public port: readiness lists every event (private ones too) and its digests cost CPU.
 * (The public port answers /healthz too, liveness only: http.ts.)
 *
 * Drain, on SIGTERM: /readyz turns 503 and the node stops listening, so nothing new arrives;
 * commands already taken finish and are acked; commands that still arrive are refused with
 * `unavailable` (nothing stored, safe to retry); every client gets a `shutdown` notice and its
 * connection is closed under it, so socket.io-client reconnects by itself, through the load
 * balancer, to another node, and resumes from its last seq.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express, { type RequestHandler } from 'express';
import type { Ack } from '../../shared/protocol.ts';
import type { EventState } from '../../shared/state.ts';
import type { AuthStore } from '../auth/types.ts';
import type { EventHost } from '../eventHost.ts';
import type { EventRegistry } from '../events.ts';
import type { Ledger } from '../ledger/types.ts';
import type { GavelServer } from '../socketTypes.ts';
import { within } from '../within.ts';
import { stateDigestInSlices } from './digest.ts';
import { createMetrics } from './metrics.ts';

export interface OpsDeps {
  io: GavelServer;
  registry: EventRegistry;
  ledger: Ledger;
  /** Its journal's health counts for readiness too (registrations fail while it cannot write). */
  auth?: AuthStore;
  nodeId: string;
  /** The security headers every listener sends (S12). */
  headers: RequestHandler;
  /** Its requests per address (S62). */
  budget: RequestHandler;
}

export interface Ops {
  /** GET /healthz, /readyz and /metrics: the ops listener's whole app. */
  web: express.Express;
  /** Stop taking work, finish what is in flight (at most `timeoutMs`), send every client elsewhere. */
  drain(timeoutMs?: number): Promise<void>;
}

/** How long a readiness probe waits for the ledger and for this node to apply what it holds. */
const READY_WAIT_MS = 1_000;

const MOVING: Ack = {
  ok: false,
  error: { code: 'unavailable', message: 'this server is restarting and moving you to another one: your command was not saved, please retry' },
};

/** At most one digest of an event's state a second (S60): hashing a 5 MB state takes ~25 ms of CPU. */
export const DIGEST_EVERY_MS = 1_000;

/** A state's digest and the seq it is of: they travel together, so an answer never pairs a digest with another seq. */
export interface Digested {
  seq: number;
  digest: string;
}

/**
 * Digests of each event's state for readiness probes (S60). A state object is one seq of one
 * event (the reducer never mutates one), so a digest is computed once per seq however often it
 * is asked for; and at most once a second per event: a probe that asks sooner for a newer seq
 * waits for the next slot, shared with every probe that asks meanwhile. Probing as fast as
 * answered once hashed a 5 MB state 90 times in 20 s and slowed everyone else (issue 13).
 */
export function digestsOf(computed: () => void): (host: EventHost) => Promise<Digested> {
  // Keyed by host: a forgotten event's state is not kept alive here.
  const latest = new WeakMap<EventHost, { state: EventState; digest: string; at: number }>();
  const waiting = new WeakMap<EventHost, Promise<Digested>>();
  const compute = async (host: EventHost): Promise<Digested> => {
    const { state } = host;
    const last = latest.get(host);
    if (last?.state === state) return { seq: state.seq, digest: last.digest };
    const at = performance.now();
    // In slices, with the event loop free between them: commands are not held up behind a probe.
    const digest = await stateDigestInSlices(state);
    latest.set(host, { state, digest, at });
    computed();
    return { seq: state.seq, digest };
  };
  return (host) => {
    const last = latest.get(host);
    if (last?.state === host.state) return Promise.resolve({ seq: last.state.seq, digest: last.digest });
    const pending = waiting.get(host);
    if (pending) return pending;
    const wait = last ? last.at + DIGEST_EVERY_MS - performance.now() : 0;
    const next = (wait > 0 ? delay(wait) : Promise.resolve()).then(() => compute(host)).finally(() => waiting.delete(host));
    waiting.set(host, next);
    return next;
  };
}

export function attachOps({ io, registry, ledger, auth, nodeId, headers, budget }: OpsDeps): Ops {
  const metrics = createMetrics(io, registry, ledger, nodeId);
  const digestOf = digestsOf(() => metrics.digestComputed());
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  // Commands are timed on the wire: from the packet reaching the node to the ack leaving it.
  io.on('connection', (socket) => {
    socket.use((packet, next) => {
      const ack = packet[packet.length - 1];
      if (packet[0] !== 'command' || typeof ack !== 'function') return next();
      if (draining) return void ack(MOVING);
      const started = performance.now();
      inFlight++;
      packet[packet.length - 1] = (answer: Ack) => {
        metrics.commandAnswered(answer, (performance.now() - started) / 1000);
        if (--inFlight === 0) idle?.();
        ack(answer);
      };
      next();
    });
  });

  const web = express();
  web.disable('x-powered-by');
  web.use(headers, budget);
  web.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // `?digest=1` adds a SHA-256 of each event's state: nodes that agree show the same digest at the same seq.
  web.get('/readyz', async (req, res) => {
    if (draining) return void res.status(503).json({ ready: false, reason: 'shutting down' });
    // A store that cannot write refuses every change: send people to a node that can.
    const ledgerProblem = ledger.writeProblem?.() ?? null;
    if (ledgerProblem) return void res.status(503).json({ ready: false, reason: ledgerProblem });
    const withDigest = req.query.digest === '1';
    const events: Record<string, { seq: number; head: number; digest?: string }> = {};
    for (const host of registry.all()) {
      // What this node had applied before asking: entries applied while the answer travels
      // are no sign of a ledger that lost some (that race made healthy nodes flap to 503).
      const applied = host.state.seq;
      const head = await within(
        ledger.head(host.eventId).catch(() => null),
        READY_WAIT_MS,
      );
      if (head === null) return void res.status(503).json({ ready: false, reason: 'the ledger is unreachable' });
      if (head < applied) return void res.status(503).json({ ready: false, reason: `${host.eventId}: the ledger holds fewer entries than this node applied` });
      // Caught up: what the ledger held a moment ago is applied here within the wait.
      if ((await within(host.whenApplied(head), READY_WAIT_MS)) === null && host.state.seq < head) {
        return void res.status(503).json({ ready: false, reason: `${host.eventId}: catching up (${head - host.state.seq} entries behind)` });
      }
      // With a digest, the seq is the digest's: the state may move on while it waits for its slot.
      events[host.eventId] = withDigest ? { ...(await digestOf(host)), head } : { seq: host.state.seq, head };
    }
    // Last, so that a Redis outage is named by the ledger first: the auth store (its own
    // connection in Redis mode) must be back too, or nobody could sign in here.
    const authProblem = auth?.writeProblem?.() ?? null;
    if (authProblem) return void res.status(503).json({ ready: false, reason: authProblem });
    res.json({ ready: true, node: nodeId, events });
  });
  web.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return {
    web,
    async drain(timeoutMs = 10_000) {
      if (draining) return;
      draining = true;
      io.httpServer.close(); // no new connections; the open ones are closed below
      if (inFlight > 0) await within(new Promise<void>((resolve) => (idle = resolve)), timeoutMs);
      io.local.emit('notice', { code: 'shutdown', message: 'This server is restarting: reconnecting you to another one.' });
      // Closing the transport, not the Socket.IO session: the client sees "transport close"
      // and reconnects by itself (after "io server disconnect" it would wait to be told).
      // Wait for the closes: under load the notice may still sit in a send buffer that a
      // process exit would throw away.
      const closed = [...io.of('/').sockets.values()].map((socket) => {
        const done = new Promise((resolve) => socket.conn.once('close', resolve));
        socket.conn.close();
        return done;
      });
      await within(Promise.all(closed), 3_000);
    },
  };
}
