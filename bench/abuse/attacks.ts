/**
 * The attacks of issue 13, one function each: it starts the attack on `target` and returns
 * how to stop it, which answers what the attacker saw (counts only). Run in a process of their
 * own (attacker.ts), so that the attacker's own decoding never slows the bystander's figures.
 * Add an attack: one function here, one name in ATTACKS.
 */
import { request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import type { Ack, GavelError } from '../../shared/protocol.ts';
import { participantForm } from '../../tests/support/register.ts';

export interface Target {
  url: string;
  /** The node's ops listener (S60). */
  opsUrl: string;
  /** A loopback address of the attack's own (127.0.0.x): per-address limits tell the attacks apart, and the bystander. */
  address: string;
  eventId: string;
  /** Tokens of registered participants the attacker holds. */
  tokens: string[];
  proposalId: number;
}

export type Attack = (target: Target) => Promise<() => Promise<Record<string, number>>>;

function connect({ url, address }: Target, token: string): Promise<Socket | string> {
  return new Promise((resolve) => {
    // engine.io-client hands `localAddress` to the WebSocket in Node; its types do not list it.
    const options = { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, localAddress: address };
    const socket = io(url, options);
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

function count(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function command(socket: Socket, type: string, payload: unknown): Promise<Ack> {
  return socket
    .timeout(20_000)
    .emitWithAck('command', { type, payload })
    .catch(() => ({ ok: false, error: { code: 'timeout', message: 'no ack in 20 s' } }));
}

interface Answer {
  status: number;
  /** The body as JSON, when it is. */
  json: { token?: string; error?: { message?: string } };
  /** The error's message, if any. */
  message: string;
}

/** An HTTP request from `address` (fetch cannot choose its source address). */
function requestFrom(address: string, method: string, url: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method,
        localAddress: address,
        timeout: 20_000,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let json: Answer['json'] = {};
          try {
            json = JSON.parse(text) as Answer['json'];
          } catch {}
          resolve({ status: res.statusCode ?? 0, json, message: json.error?.message ?? '' });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, json: {}, message: err.message }));
    req.end(payload);
  });
}

/** A refusal as a tally key: the status and what it says, without the wait ("429 too many wrong passcodes from this address"). */
const refusal = ({ status, message }: Answer) => `${status} ${message.replace(/^slow down: /, '').replace(/,? try again in .*$/, '')}`.trim();

/** The 50th and 99th percentiles of `ms`, rounded, as tally entries. */
function latencies(ms: number[]): Record<string, number> {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
  return { 'p50 ms': at(0.5), 'p99 ms': at(0.99) };
}

/** `loops` requests at a time, each sent as soon as the one before it answers, until stopped: what the attacker got, by answer. */
function hammer(address: string, loops: number, urls: readonly string[]): () => Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  const ms: number[] = [];
  let running = true;
  const all = Array.from({ length: loops }, async (_, i) => {
    for (let n = i; running; n++) {
      const url = urls[n % urls.length]!;
      const sent = performance.now();
      const { status } = await requestFrom(address, 'GET', url);
      ms.push(performance.now() - sent);
      count(tally, `${new URL(url).pathname} ${status}`);
    }
  });
  return async () => {
    running = false;
    await Promise.all(all);
    return { ...tally, ...latencies(ms) };
  };
}

/** One participant sends 30 `sync { sinceSeq: 1e9 }` at once, again each second: each would be a snapshot. */
const syncFlood: Attack = async (target) => {
  const socket = await connect(target, target.tokens[0]!);
  if (typeof socket === 'string') throw new Error(`the attacker could not connect: ${socket}`);
  const tally: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const replies = await Promise.all(
        Array.from({ length: 30 }, () =>
          socket
            .timeout(20_000)
            .emitWithAck('sync', { sinceSeq: 1e9 })
            .catch(() => ({ ok: false, error: { code: 'timeout' } })),
        ),
      );
      for (const r of replies as Array<{ ok: boolean; snapshot?: unknown; error?: { code: string } }>)
        count(tally, r.ok ? (r.snapshot ? 'snapshots' : 'entries') : r.error!.code);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return async () => {
    running = false;
    await loop;
    socket.close();
    return tally;
  };
};

/** One participant connects and disconnects as fast as the node answers (300 cycles in 3 s in the issue). */
const connectLoop: Attack = async (target) => {
  const tally: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const socket = await connect(target, target.tokens[0]!);
      if (typeof socket === 'string') count(tally, socket);
      else {
        count(tally, 'snapshots');
        socket.close();
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
    return tally;
  };
};

/** One token opens 40 sockets and votes through every one of them, alternating answers, as fast as acks come. */
const votingSockets: Attack = async (target) => {
  const tally: Record<string, number> = {};
  const sockets: Socket[] = [];
  for (let i = 0; i < 40; i++) {
    const socket = await connect(target, target.tokens[0]!);
    if (typeof socket === 'string') count(tally, `refused ${socket}`);
    else sockets.push(socket);
  }
  tally.sockets = sockets.length;
  // A refused vote waits a little, as a script that reads `retryAfterMs` would not.
  return commandLoops(
    sockets,
    tally,
    (socket, n) => command(socket, 'proposals.vote', { proposalId: target.proposalId, answer: n % 2 === 0 ? 'agree' : 'disagree' }),
    () => 20,
  );
};

/**
 * Point 3: 50 registrations from one address, each posting contributions of 5,000 characters as
 * fast as it is let (a refusal waits its `retryAfterMs`, or half a second), on an event whose
 * board is nearly full. They are named "Fake n", for the moderator to find them afterwards.
 */
const fakesFillCaps: Attack = async (target) => {
  const tally: Record<string, number> = {};
  const fakes: Socket[] = [];
  await Promise.all(
    Array.from({ length: 50 }, async (_, f) => {
      const answer = await requestFrom(
        target.address,
        'POST',
        `${target.url}/api/events/${target.eventId}/register`,
        participantForm(f, { name: `Fake ${f}` }),
      );
      if (answer.status !== 201) return count(tally, `registration ${refusal(answer)}`);
      const socket = await connect(target, answer.json.token!);
      if (typeof socket === 'string') count(tally, `refused ${socket}`);
      else fakes.push(socket);
    }),
  );
  tally.fakes = fakes.length;
  const text = 'Cheap pills, message me. '.repeat(200);
  return commandLoops(
    fakes,
    tally,
    (socket, i, f) => command(socket, 'contributions.post', { kind: 'need', title: `Offer ${f}.${i}`, text }),
    (refused) => refused.retryAfterMs ?? 500,
  );
};

/**
 * Each socket sends `send` again and again until the attack is stopped (its `n`th time, as the
 * `s`th socket), counting each answer by outcome and waiting `pause` after a refusal; stopping
 * waits for the loops, closes the sockets and gives the tally.
 */
function commandLoops(
  sockets: Socket[],
  tally: Record<string, number>,
  send: (socket: Socket, n: number, s: number) => Promise<Ack>,
  pause: (refused: GavelError) => number,
): () => Promise<Record<string, number>> {
  let running = true;
  const loops = sockets.map(async (socket, s) => {
    for (let n = s; running; n++) {
      const ack = await send(socket, n, s);
      count(tally, ack.ok ? 'accepted' : ack.error.code);
      if (!ack.ok) await sleep(pause(ack.error));
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    for (const socket of sockets) socket.close();
    return tally;
  };
}

/** Point 4: 40 wrong-passcode registrations at a time, each sent again 20 ms after its answer. */
const wrongPasscodes: Attack = async (target) => {
  const tally: Record<string, number> = {};
  let running = true;
  const loops = Array.from({ length: 40 }, async (_, i) => {
    for (let n = 0; running; n++) {
      const form = participantForm(i, { passcode: `guess-${i}-${n}` });
      const answer = await requestFrom(target.address, 'POST', `${target.url}/api/events/${target.eventId}/register`, form);
      count(tally, answer.status === 201 ? 'registered' : refusal(answer));
      await sleep(20);
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    return tally;
  };
};

/** Point 5, on the public port: 8 clients ask for every state's digest and the metrics, as fast as answered. */
const opsPublic: Attack = async ({ url, address }) => hammer(address, 8, [`${url}/readyz?digest=1`, `${url}/metrics`]);

/** Point 5, on the ops listener, as a probe storm (or someone who got to the port) would: 8 clients, digests. */
const opsListener: Attack = async ({ opsUrl, address }) => hammer(address, 8, [`${opsUrl}/readyz?digest=1`]);

export const ATTACKS: Record<string, Attack> = { syncFlood, connectLoop, votingSockets, fakesFillCaps, wrongPasscodes, opsPublic, opsListener };
