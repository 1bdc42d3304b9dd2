/**
 * S34: limits at the HTTP layer, before Express or Engine.IO read a byte. Without them Node
 * holds a half-sent request for a minute and takes every connection offered: 1,000 idle ones
 * from one address were all held.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './network.ts';

/** Headers within 10 s, the whole request within 30 s; Node looks every second (its default, 30 s, lets them linger). */
export const HTTP_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 } satisfies ServerOptions;

/** Connections an address may hold beyond its Socket.IO ones (S11): page loads and REST calls, up to six at once per browser. */
export const HTTP_HEADROOM = 50;

const REFUSAL_BODY = JSON.stringify({
  error: { code: 'rate_limited', message: 'too many connections from this address: close some and try again', retryAfterMs: 1000 },
});
const REFUSAL = `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(REFUSAL_BODY)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${REFUSAL_BODY}`;

/**
 * At most `max` open connections per peer address (an IPv6 /64 counts as one); one more is
 * told so and closed as soon as it is accepted. `onRefused` hears of the first refusal only.
 */
export function capConnectionsPerAddress(server: Server, max: number, onRefused: () => void): void {
  const open = new Map<string, number>();
  let told = false;
  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress ?? 'unknown');
    const count = (open.get(key) ?? 0) + 1;
    if (count > max) {
      if (!told) onRefused();
      told = true;
      socket.end(REFUSAL, () => socket.destroy());
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
