/**
 * `createApp` builds a Gavel node from its parts: the ledger, the auth store, the link book,
 * a clock and a logger. `index.ts` reads the config and listens; tests build the same app
 * with in-memory parts.
 */

import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/socketEvents.ts';
import type { AuthStore } from './auth/types.ts';
import type { ClusterParts } from './cluster/index.ts';
import { EventRegistry } from './events.ts';
import { createHttpApp } from './http.ts';
import { keysInProfiles, SealedLedger } from './ledger/sealed.ts';
import type { Ledger } from './ledger/types.ts';
import { MemoryLinkBook } from './links/memory.ts';
import type { LinkBook } from './links/types.ts';
import { type LinkUrls, linkUrls } from './links/urls.ts';
import { type Logger, silentLogger } from './logger.ts';
import { attachOps } from './ops/index.ts';
import { People } from './people/index.ts';
import { PresenceBoard } from './presence.ts';
import { ejectFrom, roomOf, tellStaffFrom } from './rooms.ts';
import { HTTP_TIMEOUTS } from './security/connections.ts';
import { createSecurity } from './security/index.ts';
import { operatorCheck } from './security/operator.ts';
import type { SecurityOverrides } from './security/options.ts';
import { attachSockets } from './sockets.ts';
import type { GavelServer, InterServerEvents, SocketData } from './socketTypes.ts';

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
  /** One node of several on one Redis: the Socket.IO adapter, snapshots, events created elsewhere. */
  cluster?: ClusterParts;
  /** Abuse limits, origins and proxies (`server/security/options.ts`); safe defaults when absent. */
  security?: SecurityOverrides;
  /** The byte budget of what people post in an event's state (S51; `server/stateBudget.ts` has the default). */
  stateBudgetBytes?: number;
  /** The token that creates events (S61); without one, no event is created over the API. */
  operatorToken?: string | null;
}

export interface GavelApp {
  httpServer: HttpServer;
  /** The ops listener's server: /healthz, /readyz, /metrics (S60). */
  opsServer: HttpServer;
  io: GavelServer;
  registry: EventRegistry;
  /** Link builders for the address the node is reached at (known once it listens). */
  urls: LinkUrls;
  /** This node's id in logs, metrics and presence heartbeats. */
  nodeId: string;
  listen(port: number, host?: string): Promise<number>;
  /** Listen for ops requests (S60): on 127.0.0.1 unless told otherwise. */
  listenOps(port: number, host?: string): Promise<number>;
  /** Graceful shutdown, first half: stop taking work, finish what is in flight, send every client to another node. */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<GavelApp> {
  const clock = deps.clock ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const links = deps.links ?? new MemoryLinkBook();
  let base = deps.publicUrl ?? 'http://localhost:3000';
  const urls: LinkUrls = {
    participant: (eventId) => linkUrls(base).participant(eventId),
    invite: (eventId, token) => linkUrls(base).invite(eventId, token),
  };
  const { cluster } = deps;
  const nodeId = cluster?.nodeId ?? randomBytes(4).toString('hex');
  // Every backend is sealed here, so that erasing a person's profile leaves no identity at rest (ER1).
  const ledger = new SealedLedger(deps.ledger, keysInProfiles(deps.auth));
  const registry = new EventRegistry(ledger, deps.auth, links, cluster?.snapshots ?? null);
  await registry.loadAll();

  const security = createSecurity(deps.security, deps.publicUrl ?? null, logger);
  // People are ejected through Socket.IO rooms; `io` is built after the HTTP app, before anyone can connect.
  const people = new People({
    auth: deps.auth,
    ledger,
    links,
    urls,
    clock,
    logger,
    snapshots: cluster?.snapshots ?? null,
    passcodes: security.passcodes,
    eject: (eventId, personId, notice) => ejectFrom(io)(eventId, personId, notice),
    tellStaff: (eventId, counts) => tellStaffFrom(io)(eventId, counts),
    audience: (eventId) => presence.online(eventId),
  });

  const httpApp = createHttpApp({
    registry,
    auth: deps.auth,
    links,
    urls,
    logger,
    clock,
    clientDir: deps.clientDir ?? null,
    ledger,
    security,
    people,
    isOperator: operatorCheck(deps.operatorToken ?? null),
  });
  // A host name the node does not know is refused before anything else runs (S33, DNS rebinding).
  const web = express().disable('x-powered-by').use(security.knownHosts, httpApp);
  const httpServer = createServer(HTTP_TIMEOUTS, web);
  security.guardServer(httpServer);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    maxHttpBufferSize: deps.maxMessageBytes ?? 64 * 1024,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    adapter: cluster?.adapter,
    allowRequest: security.sockets.allowRequest,
  });
  io.engine.use(security.knownHosts);
  security.sockets.countConnections(io);
  const ops = attachOps({ io, registry, ledger, auth: deps.auth, nodeId, headers: security.headers, budget: security.requestBudget() });
  // The ops listener knows the same host names (S33): a rebound name must not reach /readyz either.
  const opsServer = createServer(express().disable('x-powered-by').use(security.knownHosts, ops.web));
  const presence = new PresenceBoard(io, { nodeId, gossip: cluster !== undefined, roomOf, onWarning: (message) => logger.warn(message) });
  const sockets = attachSockets({
    io,
    registry,
    ledger,
    auth: deps.auth,
    clock,
    logger,
    presence,
    security,
    hooks: people.commandHooks(),
    stateBudgetBytes: deps.stateBudgetBytes,
    moderationCounts: (eventId) => people.moderationCounts(eventId),
  });
  const unfollow = cluster?.follow(registry);

  return {
    httpServer,
    opsServer,
    io,
    registry,
    urls,
    nodeId,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const actual = (httpServer.address() as AddressInfo).port;
          if (!deps.publicUrl) base = `http://localhost:${actual}`;
          resolve(actual);
        });
      }),
    listenOps: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        opsServer.once('error', reject);
        opsServer.listen(port, host, () => resolve((opsServer.address() as AddressInfo).port));
      }),
    // The ops listener stays up through the drain, so that /readyz can say "shutting down".
    drain: (timeoutMs) => ops.drain(timeoutMs),
    close: async () => {
      unfollow?.();
      presence.stop();
      sockets.stop();
      registry.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (opsServer.listening) await new Promise<void>((resolve) => opsServer.close(() => resolve()));
    },
  };
}
