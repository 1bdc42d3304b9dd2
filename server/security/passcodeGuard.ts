/**
 * S31: wrong passcodes are limited per address and per event, so guessing one is slow from
 * one address and from many. Only failures count: a crowd typing the right passcode as an
 * event opens is never held back by its own size. Once a budget is spent, every check waits
 * for it to refill, the right passcode's too: otherwise a guesser would go on guessing.
 */
import { ClientError } from '../errors.ts';
import type { SecurityRates } from './options.ts';
import { RateLimiter, slowDown } from './rateLimiter.ts';

export class PasscodeGuard {
  private readonly perAddress: RateLimiter;
  private readonly perEvent: RateLimiter;

  constructor(rates: SecurityRates) {
    this.perAddress = new RateLimiter(rates.passcodeFailuresPerIp);
    this.perEvent = new RateLimiter(rates.passcodeFailuresPerEvent);
  }

  /** Before a check: `rate_limited` while the address or the event has no wrong guess left. */
  mayTry(eventId: string, address: string): void {
    const byAddress = this.perAddress.peek(address);
    if (!byAddress.ok) throw ClientError.of(slowDown(byAddress.retryAfterMs, 'too many wrong passcodes from this address'));
    const byEvent = this.perEvent.peek(eventId);
    if (!byEvent.ok) throw ClientError.of(slowDown(byEvent.retryAfterMs, 'too many wrong passcodes for this event'));
  }

  /** After a wrong passcode. */
  failed(eventId: string, address: string): void {
    this.perAddress.take(address);
    this.perEvent.take(eventId);
  }
}
