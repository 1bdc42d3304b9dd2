/** Start a Gavel node: read the config, build the parts, create the default event if none exists, listen. */
import { DEFAULT_TEMPLATE } from '../shared/template.ts';
import { createApp } from './app.ts';
import { FileAuthStore } from './auth/file.ts';
import { readConfig } from './config.ts';
import { openLedger } from './ledger/index.ts';
import { formatLinks, LinkBook } from './links.ts';
import { createLogger } from './logger.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);
const ledger = await openLedger({ kind: 'file', dataDir: config.dataDir, onWarning: (message) => logger.warn(message) });
const auth = await FileAuthStore.open(config.dataDir);
const links = new LinkBook(config.dataDir);
const app = await createApp({ ledger, auth, links, logger, publicUrl: config.publicUrl ?? undefined, clientDir: config.clientDir });
const port = await app.listen(config.port, config.host);

if ((await ledger.events()).length === 0) {
  const { eventId } = await app.registry.create(DEFAULT_TEMPLATE);
  logger.info({ eventId }, 'created the default event from the seed brief');
}

logger.info({ port, dataDir: config.dataDir }, 'Gavel is listening');
const base = config.publicUrl ?? `http://localhost:${port}`;
console.log(`\nGavel is running at ${base}\n\n${formatLinks(links.all(), app.urls)}\n\nKeep these links private: each one signs its holder in. \`npm run links\` prints them again.\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await app.close();
  await ledger.close();
  await auth.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
