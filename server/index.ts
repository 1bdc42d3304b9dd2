/** Start a Gavel node: read the config, build the parts, create the default event if none exists, listen. */
import { DEFAULT_TEMPLATE } from '../shared/template.ts';
import { createApp } from './app.ts';
import { FileAuthStore } from './auth/file.ts';
import { SteadyClock } from './clock.ts';
import { openRedisStores } from './cluster/index.ts';
import { readConfig } from './config.ts';
import { ClientError } from './errors.ts';
import { FileLedger } from './ledger/index.ts';
import { FileLinkBook } from './links/file.ts';
import { formatLinks } from './links/urls.ts';
import { createLogger } from './logger.ts';
import { formatOperatorToken, loadOperatorToken } from './security/operator.ts';
import { checkStoresAgainstLedger } from './storeCheck.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);

// A damaged or orphaned store stops the node with the file named and what to do (L-D5): the
// message alone, not a stack trace, is what the operator needs.
function refuseToStart(err: Error): never {
  console.error(`\nGavel cannot start: ${err.message}\n`);
  process.exit(1);
}
process.on('uncaughtException', refuseToStart);
// With REDIS_URL this is one node of several: ledger, auth store and links live in Redis.
const redis = config.redisUrl ? await openRedisStores({ url: config.redisUrl, prefix: config.redisPrefix, logger }) : null;
// One clock stamps entries and answers pings (T1, T5): Redis's with Redis, else this machine's, kept steady.
const steady = new SteadyClock({ onWarning: (message) => logger.warn(message) });
// A store that cannot write says so once, and once more when it can again (`/readyz` is 503 meanwhile).
const onWriteFailure = (problem: string, err: unknown) => logger.error({ err }, `${problem}: refusing changes until it can be written again`);
const onWriteRecovery = (message: string) => logger.info(`${message}: taking changes again`);
const fileLedger = redis
  ? null
  : await FileLedger.open({ dataDir: config.dataDir, now: steady.now, onWarning: (message) => logger.warn(message), onWriteFailure, onWriteRecovery });
if (fileLedger) steady.atLeast(fileLedger.lastAt());
const ledger = redis?.ledger ?? fileLedger!;
const clock = redis?.clock.now ?? steady.now;
const auth = redis?.auth ?? (await openFileStores()).auth;
const links = redis?.links ?? FileLinkBook.open(config.dataDir);

/** The auth journal, once the ledger beside it is known to be its own (or it was moved aside: GAVEL_START_FRESH). */
async function openFileStores(): Promise<{ auth: FileAuthStore }> {
  const moved = checkStoresAgainstLedger({ dataDir: config.dataDir, ledgerEvents: await ledger.events(), startFresh: config.startFresh });
  if (moved.length)
    logger.warn({ moved }, 'GAVEL_START_FRESH: the auth journal and links had no ledger beside them and were moved aside; old links no longer work');
  return { auth: await FileAuthStore.open(config.dataDir, { onFailure: onWriteFailure, onRecovery: onWriteRecovery }) };
}
const operator = loadOperatorToken(config.operatorToken, config.dataDir);
const app = await createApp({
  ledger,
  auth,
  links,
  logger,
  clock,
  publicUrl: config.publicUrl ?? undefined,
  clientDir: config.clientDir,
  security: config.security,
  stateBudgetBytes: config.stateBudgetBytes,
  cluster: redis?.cluster,
  operatorToken: operator.token,
});
const port = await app.listen(config.port, config.host);
const opsPort = await app.listenOps(config.opsPort, config.opsHost);
process.off('uncaughtException', refuseToStart);

/** The event this start created, if any: its links are the only ones ever printed unasked (S15). */
let createdEventId: string | null = null;
if ((await ledger.events()).length === 0) {
  try {
    const { eventId } = await app.registry.create(DEFAULT_TEMPLATE);
    createdEventId = eventId;
    logger.info({ eventId }, 'created the default event from the seed brief');
  } catch (err) {
    // Nodes starting together on an empty Redis all try: the ledger takes one creation and
    // the reducer refuses the others, which is all the loser needs to know.
    if (!(err instanceof ClientError && err.code === 'conflict')) throw err;
  }
}
await redis?.links.flushed();

logger.info({ port, opsPort, node: app.nodeId, ledger: redis ? 'redis' : config.dataDir }, 'Gavel is listening');
const base = config.publicUrl ?? `http://localhost:${port}`;
const opsUrl = `http://${config.opsHost.includes(':') ? `[${config.opsHost}]` : config.opsHost}:${opsPort}`;
// Stdout usually ends up in a log, and a log must never hold a sign-in token (S12, S15): the
// links are printed when the operator needs them to begin (this start created the event) or
// is watching a terminal; otherwise `npm run links` prints them on demand.
const shown = process.stdout.isTTY ? links.all() : links.all().filter((l) => l.eventId === createdEventId);
// The operator token the same way (S61), and never the one OPERATOR_TOKEN set: its owner has it.
const operatorLine = operator.source === 'file' && (operator.created || process.stdout.isTTY) ? `\n${formatOperatorToken(operator.token)}\n` : '';
console.log(
  (shown.length
    ? `\nGavel is running at ${base}\n\n${formatLinks(shown, app.urls)}\n\nKeep these links private: each one signs its holder in. \`npm run links\` prints them again.\n`
    : `\nGavel is running at ${base}\n\nSign-in links are not printed here, so that no log keeps one: \`npm run links\` prints them.\n`) +
    `${operatorLine}\nOperations at ${opsUrl} (/readyz, /metrics)\n`,
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await app.drain();
  await app.close();
  if (redis) await redis.close();
  else await Promise.all([ledger.close(), auth.close()]);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
