/**
 * A TCP proxy between a node and Redis that can black-hole: stop forwarding in both
 * directions while keeping every connection open, as a broken link or a stuck middlebox does
 * (nothing is refused, nothing is closed, bytes just stop arriving). New connections are
 * accepted meanwhile and get nothing either. Healed, what was sent meanwhile arrives late,
 * as TCP's retransmissions would deliver it.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  port: number;
  url(scheme?: string): string;
  /** Stop forwarding, in both directions, on every connection, old and new. */
  blackHole(): void;
  /** Forward again, what was held back first. */
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let holing = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      if (holing) from.pause();
      from.on('data', (chunk) => to.write(chunk));
      from.on('error', () => {});
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (scheme = 'redis') => `${scheme}://127.0.0.1:${port}`,
    blackHole() {
      holing = true;
      for (const socket of sockets) socket.pause();
    },
    heal() {
      holing = false;
      for (const socket of sockets) socket.resume();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
