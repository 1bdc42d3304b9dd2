/**
 * `createApp` builds a Gavel node from its parts: the ledger, the auth store, the link book,
 * a clock and a logger. `index.ts` reads the config and listens; tests build the same app
 * with in-memory parts.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { AuthStore } from './auth/types.ts';
import { EventRegistry } from './events.ts';
import { createHttpApp } from './http.ts';
import type { Ledger } from './ledger/types.ts';
import { LinkBook, linkUrls, type LinkUrls } from './links.ts';
import { type Logger, silentLogger } from './logger.ts';
import { attachSockets } from './sockets.ts';

export interface AppDeps {
  ledger: Ledger;
  auth: AuthStore;
  links?: LinkBook;
  clock?: () => number;
  logger?: Logger;
  /** Base of the links Gavel prints, e.g. https://gavel.example.org; defaults to the listening address. */
  publicUrl?: string;
  clientDir?: string | null;
  /** Largest Socket.IO message accepted, in bytes. */
  maxMessageBytes?: number;
}

export interface GavelApp {
  httpServer: HttpServer;
  io: Server;
  registry: EventRegistry;
  /** Link builders for the address the node is reached at (known once it listens). */
  urls: LinkUrls;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<GavelApp> {
  const clock = deps.clock ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const links = deps.links ?? new LinkBook(null);
  let base = deps.publicUrl ?? 'http://localhost:3000';
  const urls: LinkUrls = {
    participant: (eventId) => linkUrls(base).participant(eventId),
    invite: (eventId, token) => linkUrls(base).invite(eventId, token),
  };
  const registry = new EventRegistry(deps.ledger, deps.auth, links);
  await registry.loadAll();

  const httpServer = createServer(createHttpApp({ registry, auth: deps.auth, links, urls, logger, clock, clientDir: deps.clientDir ?? null }));
  const io = new Server(httpServer, {
    maxHttpBufferSize: deps.maxMessageBytes ?? 64 * 1024,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  const sockets = attachSockets({ io, registry, ledger: deps.ledger, auth: deps.auth, clock, logger });

  return {
    httpServer,
    io,
    registry,
    urls,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const actual = (httpServer.address() as AddressInfo).port;
          if (!deps.publicUrl) base = `http://localhost:${actual}`;
          resolve(actual);
        });
      }),
    close: async () => {
      sockets.stop();
      registry.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
