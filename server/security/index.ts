/**
 * A node's security, built once from its options: HTTP headers and the REST and Socket.IO
 * guards. Managing people (revoke, re-issue, remove, forget, registration settings) is
 * `server/people/`.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { securityHeaders } from './headers.ts';
import { ClientAddresses, OriginPolicy } from './network.ts';
import { type SecurityOptions, type SecurityOverrides, securityOptions } from './options.ts';
import { PasscodeGuard } from './passcodeGuard.ts';
import { RestGuard } from './restGuard.ts';
import { SocketGuard } from './socketGuard.ts';

export interface Security {
  options: SecurityOptions;
  headers: RequestHandler;
  rest: RestGuard;
  sockets: SocketGuard;
  passcodes: PasscodeGuard;
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
    rest: new RestGuard(options.rates, origins, addresses),
    sockets: new SocketGuard(options, origins, addresses, logger),
    passcodes: new PasscodeGuard(options.rates),
    addressOf: (req) => addresses.keyOf(req),
  };
}
