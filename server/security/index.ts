/**
 * A node's security, built once from its options: known host names, the HTTP layer's limits,
 * HTTP headers, the REST and Socket.IO guards, and the limits on wrong passcodes. Managing
 * people (revoke, re-issue, remove, forget, registration settings) is `server/people/`.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { capConnectionsPerAddress, HTTP_HEADROOM } from './connections.ts';
import { securityHeaders } from './headers.ts';
import { ClientAddresses, HostPolicy, knownHostsOnly, OriginPolicy } from './network.ts';
import { type SecurityOptions, type SecurityOverrides, securityOptions } from './options.ts';
import { PasscodeGuard } from './passcodeGuard.ts';
import { RestGuard, requestBudget } from './restGuard.ts';
import { SocketGuard } from './socketGuard.ts';

export interface Security {
  options: SecurityOptions;
  headers: RequestHandler;
  /** Before everything, Express and Engine.IO alike: requests to an unknown host name are refused (S33). */
  knownHosts: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  rest: RestGuard;
  /** A new budget of requests per address (S62), for one listener: the public port or the ops listener. */
  requestBudget(): RequestHandler;
  sockets: SocketGuard;
  passcodes: PasscodeGuard;
  /** The HTTP layer's connection cap per address (S34). */
  guardServer(server: HttpServer): void;
  /** The key per-address limits count a request's client by (behind trusted proxies, the client's). */
  addressOf(req: IncomingMessage): string;
}

export function createSecurity(overrides: SecurityOverrides | undefined, publicUrl: string | null, logger: Logger): Security {
  const options = securityOptions(overrides);
  const origins = new OriginPolicy([...(publicUrl ? [publicUrl] : []), ...options.allowedOrigins]);
  const addresses = new ClientAddresses(options.trustProxy, (message) => logger.warn(message));
  return {
    options,
    headers: securityHeaders(publicUrl),
    knownHosts: knownHostsOnly(new HostPolicy([...(publicUrl ? [publicUrl] : []), ...options.allowedHosts]), addresses),
    rest: new RestGuard(options.rates, origins, addresses),
    requestBudget: () => requestBudget(options.rates.requestsPerIp, addresses),
    sockets: new SocketGuard(options, origins, addresses, logger),
    passcodes: new PasscodeGuard(options.rates),
    addressOf: (req) => addresses.keyOf(req),
    guardServer(server) {
      // Behind trusted proxies every connection comes from a proxy, carrying everyone: the cap is
      // the proxy's to keep there, and Socket.IO's per-client cap (S11) still holds.
      if (options.trustProxy > 0) return;
      const max = options.maxConnectionsPerIp + HTTP_HEADROOM;
      capConnectionsPerAddress(server, max, () =>
        logger.warn(`an address opened more than ${max} connections; more are refused (raise MAX_CONNECTIONS_PER_IP for a venue behind one address)`),
      );
    },
  };
}
