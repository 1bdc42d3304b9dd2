/**
 * A TCP load balancer for tests: each new connection goes to the next backend in turn, and to
 * the one after if that one refuses, as nginx or an L4 balancer would. No stickiness: with the
 * websocket transport Gavel needs none.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  /** Backend ports by where each client connection was sent, oldest first. */
  readonly routed: number[];
  close(): Promise<void>;
}

export async function startBalancer(ports: readonly number[]): Promise<Balancer> {
  let next = 0;
  const routed: number[] = [];
  const open = new Set<Socket>();

  function connectTo(client: Socket, attempt: number): void {
    if (attempt >= ports.length) return void client.destroy();
    const port = ports[next++ % ports.length]!;
    const backend = createConnection({ host: '127.0.0.1', port });
    let connected = false;
    open.add(backend);
    backend.on('close', () => {
      open.delete(backend);
      if (connected) client.destroy();
    });
    backend.on('error', () => {
      if (!connected) connectTo(client, attempt + 1); // refused: a dead node, try the next one
    });
    backend.once('connect', () => {
      connected = true;
      routed.push(port);
      client.on('error', () => backend.destroy());
      client.on('close', () => backend.destroy());
      client.pipe(backend).pipe(client);
      client.resume();
    });
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    connectTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
