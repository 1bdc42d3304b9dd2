/**
 * `npm run create-event -- file.json`: validate a template and create its event in DATA_DIR.
 * Run it while the server is stopped (the file ledger has one writer); with a running
 * server, moderators use POST /api/events instead.
 */
import { readFileSync } from 'node:fs';
import { TemplateSchema } from '../../shared/template.ts';
import { createApp } from '../app.ts';
import { FileAuthStore } from '../auth/file.ts';
import { defaultPublicUrl, readConfig } from '../config.ts';
import { openLedger } from '../ledger/index.ts';
import { FileLinkBook } from '../links/file.ts';
import { formatLinks } from '../links/urls.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run create-event -- path/to/template.json');
  process.exit(2);
}

let json: unknown;
try {
  json = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`${file}: ${(err as Error).message}`);
  process.exit(1);
}
const parsed = TemplateSchema.safeParse(json);
if (!parsed.success) {
  console.error(`${file} is not a valid event template:`);
  for (const issue of parsed.error.issues) console.error(`  - ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  process.exit(1);
}

const config = readConfig();
const ledger = await openLedger({ kind: 'file', dataDir: config.dataDir });
const auth = await FileAuthStore.open(config.dataDir);
const links = FileLinkBook.open(config.dataDir);
const app = await createApp({ ledger, auth, links, publicUrl: defaultPublicUrl(config) });
try {
  const created = await app.registry.create(parsed.data);
  console.log(formatLinks(created.links, app.urls));
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await app.close();
  await ledger.close();
  await auth.close();
}
