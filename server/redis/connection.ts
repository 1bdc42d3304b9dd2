/**
 * Redis connections as Gavel uses them. Every part that talks to Redis (ledger, auth store,
 * link book, snapshots, adapter) opens its connections here, so the failure behaviour is
 * decided in one place. Nothing here knows any of those parts.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { type BackoffPolicy, backoffDelay } from '../../shared/backoff.ts';

/** What a part logs about its connection: a lost or regained Redis is worth a line, each retry is not. */
export interface ConnectionLog {
  warn(message: string): void;
  info?(message: string): void;
}

/** Reconnect quickly and forever: a Redis restart should cost seconds, and a node never gives up. */
const RECONNECT: BackoffPolicy = { baseMs: 100, maxMs: 1_000 };
/** Jittered, so that every connection of every node does not knock at the same instant. */
const retryStrategy = (attempt: number): number => backoffDelay(attempt - 1, RECONNECT);

/**
 * Options for a connection whose commands must fail rather than wait: while Redis is away a
 * command is refused at once (no offline queue), and one in flight when the connection drops
 * is rejected, never resent on reconnect, because resending an append could store it twice.
 *
 * A Redis that stalls (SIGSTOP, a long fork, a link that black-holes) keeps the TCP connection
 * open but answers nothing: `commandTimeout` fails each command, and `socketTimeout` destroys
 * a socket that has received nothing for a while with commands waiting, so the connection is
 * made anew instead of living on, 'ready', on a socket that will never answer.
 */
export function failFastOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    socketTimeout: commandTimeoutMs + 2_000,
    retryStrategy,
  };
}

/**
 * Throw the connection's socket away so that ioredis makes a new one (with its retry
 * strategy). Not `disconnect(true)`: that only half-closes the socket, and against a Redis
 * that stalls the client stays 'ready' on a socket it can no longer write to.
 */
export function dropConnection(client: Redis): void {
  if (client.status === 'ready' || client.status === 'connect') client.stream?.destroy();
}

/** Wait `ms`, or less if `signal` aborts first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Open a connection with the given options and log its losses and recoveries. */
export function connect(url: string, name: string, options: RedisOptions, log?: ConnectionLog): Redis {
  const client = new Redis(url, { connectionName: name, ...options });
  let lost = false;
  // Without an 'error' listener ioredis prints every failed reconnect attempt to stderr.
  client.on('error', () => {});
  // 'reconnecting', not 'close': a connection closed on purpose does not reconnect.
  client.on('reconnecting', () => {
    if (!lost) log?.warn(`redis ${name}: connection lost, reconnecting`);
    lost = true;
  });
  client.on('ready', () => {
    if (lost) (log?.info ?? log?.warn)?.call(log, `redis ${name}: connected again`);
    lost = false;
  });
  return client;
}

/**
 * Resolve once the client is ready (it reconnects by itself); reject after `timeoutMs` or
 * when `signal` aborts. Connection errors in between are retries, not failures.
 */
export function whenReady(client: Redis, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'wait') client.connect().catch(() => {}); // failures surface as 'error' and retries
  const signals = [signal, Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined].filter((s) => s !== undefined);
  const stop = AbortSignal.any(signals);
  return new Promise((resolve, reject) => {
    const ready = () => {
      stop.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      client.off('ready', ready);
      reject(stop.reason);
    };
    if (stop.aborted) return abort();
    client.once('ready', ready);
    stop.addEventListener('abort', abort, { once: true });
  });
}
