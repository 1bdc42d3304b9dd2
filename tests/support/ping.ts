import type { TestClient } from './client.ts';

/**
 * The server clock's offset from this process's, as a browser measures it (T4): the ping
 * with the smallest round trip of `count`, `serverAt + rtt/2 − receivedAt`.
 */
export async function serverClockOffset(client: TestClient, count = 5): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < count; i++) {
    const clientSentAt = Date.now();
    const { serverAt } = (await client.socket.timeout(5_000).emitWithAck('clock.ping', { clientSentAt })) as { serverAt: number };
    const receivedAt = Date.now();
    const rtt = receivedAt - clientSentAt;
    if (rtt < best.rtt) best = { rtt, offset: serverAt + rtt / 2 - receivedAt };
  }
  return best.offset;
}
