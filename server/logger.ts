/** Structured logs (pino). Tokens and personal data never go in: the redaction is a second net. */
import { type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: { paths: ['token', '*.token', 'req.headers.authorization', 'auth', 'headers.authorization', '*.passcode'], censor: '[redacted]' },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
