/**
 * `npm run screenshots`: after the browser runs (tests/e2e/event.test.ts, tests/e2e/stage.test.ts,
 * tests/e2e/arabic.test.ts) wrote their screenshots under test-results/, copy the ones the docs
 * show into docs/screenshots/ (tracked). `npm test` never touches them.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build.ts';

const shots = join(ROOT, 'test-results/screenshots');
const docs = join(ROOT, 'docs/screenshots');
const kept: Array<[string, string]> = [
  ['moderator-console.png', 'moderator-console.png'],
  ['participant-view.png', 'participant-view.png'],
  ['participant-floor-phone.png', 'participant-phone.png'],
  ['stage-display.png', 'stage-display.png'],
  ['stage-panel-1280x720.png', 'stage-panel.png'],
  ['stage-decided-1280x720.png', 'stage-decided.png'],
  ['participant-arabic-phone.png', 'participant-arabic-phone.png'],
];
mkdirSync(docs, { recursive: true });
for (const [from, to] of kept) copyFileSync(join(shots, from), join(docs, to));
console.log(`copied ${kept.length} screenshots into docs/screenshots/`);
