/**
 * The REST side of abuse limits: browser origins (CORS only for configured ones), requests
 * per address and per token, and registrations per address. A refused request gets a JSON
 * error and, when limited, `Retry-After`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GavelError } from '../../shared/protocol.ts';
import { hashToken } from '../auth/types.ts';
import type { ClientAddresses, OriginPolicy } from './network.ts';
import type { SecurityRates } from './options.ts';
import { answerLater, type Rate, RateLimiter, slowDown } from './rateLimiter.ts';

/** A `rate_limited` answer: `429` with `Retry-After` in whole seconds, as HTTP wants it. */
export function refuseTooMany(res: Response, error: GavelError): void {
  res.set('Retry-After', String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000))));
  res.status(429).json({ error });
}

/** A request past a rate (too many, too fast), refused after the refusal delay (S62). */
function refuseLater(res: Response, verdict: { retryAfterMs: number }): void {
  answerLater(res, () => refuseTooMany(res, slowDown(verdict.retryAfterMs)));
}

/** S62: every request to a listener takes a token from its address's budget (one budget per listener). */
export function requestBudget(rate: Rate, addresses: ClientAddresses): RequestHandler {
  const perAddress = new RateLimiter(rate);
  return (req, res, next) => {
    const verdict = perAddress.take(addresses.keyOf(req));
    if (verdict.ok) next();
    else refuseLater(res, verdict);
  };
}

export class RestGuard {
  private readonly perAddress: RateLimiter;
  private readonly perToken: RateLimiter;
  private readonly registrations: RateLimiter;

  constructor(
    rates: SecurityRates,
    private readonly origins: OriginPolicy,
    private readonly addresses: ClientAddresses,
  ) {
    this.perAddress = new RateLimiter(rates.restPerIp);
    this.perToken = new RateLimiter(rates.restPerToken);
    this.registrations = new RateLimiter(rates.registerPerIp);
  }

  /** In front of every /api route. */
  readonly api: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    const hosts = this.addresses.hostsOf(req);
    if (!this.origins.allows(origin, hosts)) {
      return void res.status(403).json({ error: { code: 'forbidden', message: 'this origin may not use the Gavel API' } });
    }
    if (this.origins.isCrossOrigin(origin, hosts)) {
      // A configured origin (another front end): bearer tokens, no cookies, so no credentials mode.
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
      if (req.method === 'OPTIONS') return void res.status(204).end();
    }
    const byAddress = this.perAddress.take(this.addresses.keyOf(req));
    if (!byAddress.ok) return refuseLater(res, byAddress);
    const token = bearer(req);
    if (token) {
      // Keyed by the token's hash: the clear token is not kept, even in a limiter.
      const byToken = this.perToken.take(hashToken(token));
      if (!byToken.ok) return refuseLater(res, byToken);
    }
    next();
  };

  /** On the registration route, after the /api limits. */
  readonly registration: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const verdict = this.registrations.take(this.addresses.keyOf(req));
    if (!verdict.ok) return refuseLater(res, verdict);
    next();
  };
}

function bearer(req: Request): string {
  const header = req.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim().slice(0, 128) : '';
}
