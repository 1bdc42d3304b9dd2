/**
 * The attacks of issue 13, one function each: it starts the attack on `target` and returns
 * how to stop it, which answers what the attacker saw (counts only). Run in a process of their
 * own (attacker.ts), so that the attacker's own decoding never slows the bystander's figures.
 * Add an attack: one function here, one name in ATTACKS.
 */
import { io, type Socket } from 'socket.io-client';

export interface Target {
  url: string;
  /** Tokens of registered participants the attacker holds. */
  tokens: string[];
  proposalId: number;
}

export type Attack = (target: Target) => Promise<() => Promise<Record<string, number>>>;

function connect(url: string, token: string): Promise<Socket | string> {
  return new Promise((resolve) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
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

/** One participant sends 30 `sync { sinceSeq: 1e9 }` at once, again each second: each would be a snapshot. */
const syncFlood: Attack = async ({ url, tokens }) => {
  const socket = await connect(url, tokens[0]!);
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
const connectLoop: Attack = async ({ url, tokens }) => {
  const tally: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const socket = await connect(url, tokens[0]!);
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
const votingSockets: Attack = async ({ url, tokens, proposalId }) => {
  const tally: Record<string, number> = {};
  const sockets: Socket[] = [];
  for (let i = 0; i < 40; i++) {
    const socket = await connect(url, tokens[0]!);
    if (typeof socket === 'string') count(tally, `refused ${socket}`);
    else sockets.push(socket);
  }
  tally.sockets = sockets.length;
  let running = true;
  const loops = sockets.map(async (socket, i) => {
    for (let n = i; running; n++) {
      const ack = (await socket
        .timeout(20_000)
        .emitWithAck('command', { type: 'proposals.vote', payload: { proposalId, answer: n % 2 === 0 ? 'agree' : 'disagree' } })
        .catch(() => ({ ok: false, error: { code: 'timeout' } }))) as { ok: boolean; error?: { code: string } };
      count(tally, ack.ok ? 'accepted' : ack.error!.code);
      // A refused vote waits a little, as a script that reads `retryAfterMs` would not.
      if (!ack.ok) await new Promise((r) => setTimeout(r, 20));
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
    for (const socket of sockets) socket.close();
    return tally;
  };
};

export const ATTACKS: Record<string, Attack> = { syncFlood, connectLoop, votingSockets };
