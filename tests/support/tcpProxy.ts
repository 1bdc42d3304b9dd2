/**
 * A TCP proxy between the nodes and Redis that can black-hole: stop forwarding in both
 * directions without closing anything, as a dead link or a dropping firewall looks to both
 * ends (no FIN, no RST, the bytes just stop), and resume. Sockets are paused rather than
 * read and dropped, so the bytes wait in the kernel as TCP would keep retransmitting them,
 * and arrive once the link is back.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface BlackHoleProxy {
  url: string;
  port: number;
  /** Stop forwarding (open connections stay open, new ones are accepted but not carried). */
  blackHole(): void;
  resume(): void;
  close(): Promise<void>;
}

interface Link {
  downstream: Socket;
  upstream: Socket | null;
}

export async function startBlackHoleProxy(target: { host: string; port: number }): Promise<BlackHoleProxy> {
  const links = new Set<Link>();
  let holed = false;

  function carry(link: Link): void {
    const { downstream } = link;
    const upstream = connect(target.port, target.host);
    link.upstream = upstream;
    downstream.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => downstream.write(chunk));
    const end = () => {
      downstream.destroy();
      upstream.destroy();
      links.delete(link);
    };
    upstream.on('error', end).on('close', end);
    downstream.on('error', end).on('close', end);
    if (holed) {
      downstream.pause();
      upstream.pause();
    } else downstream.resume();
  }

  const server: Server = createServer({ pauseOnConnect: true }, (downstream) => {
    const link: Link = { downstream, upstream: null };
    links.add(link);
    downstream.on('error', () => undefined).on('close', () => link.upstream === null && links.delete(link));
    if (!holed) carry(link);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    blackHole() {
      holed = true;
      for (const { downstream, upstream } of links) {
        downstream.pause();
        upstream?.pause();
      }
    },
    resume() {
      holed = false;
      for (const link of links) {
        if (!link.upstream) carry(link);
        else {
          link.downstream.resume();
          link.upstream.resume();
        }
      }
    },
    async close() {
      for (const { downstream, upstream } of links) {
        downstream.destroy();
        upstream?.destroy();
      }
      links.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
