/** Errors as they leave the server: only known codes and messages, never a stack trace. */
import { ERROR_CODES, type ErrorCode } from '../shared/constants.ts';
import type { GavelError } from '../shared/protocol.ts';

/** An error meant for the client: its code and message are safe to show. */
export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** A `rate_limited` refusal: when to try again (REST answers it as `Retry-After`). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** A refusal already written as the wire's error (e.g. `slowDown`'s). */
  static of(error: GavelError): ClientError {
    return new ClientError(error.code, error.message, error.retryAfterMs);
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }

  toJSON(): GavelError {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

export const INTERNAL: GavelError = { code: 'internal', message: 'something went wrong on the server; nothing was changed' };

/** A file store could not write (a full disk): it kept nothing of the change, so a retry is safe. */
export const STORE_UNAVAILABLE: GavelError = {
  code: 'unavailable',
  message: 'the server cannot save anything right now (its storage is failing): nothing was saved, please try again in a minute',
};
