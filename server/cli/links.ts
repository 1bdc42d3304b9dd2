/** `npm run links`: print the moderator, speaker and stage links of every event again (from Redis when REDIS_URL is set), and the operator token (S61). */

import { defaultPublicUrl, readConfig } from '../config.ts';
import { FileLinkBook } from '../links/file.ts';
import { RedisLinkBook } from '../links/redis.ts';
import type { InviteLink } from '../links/types.ts';
import { formatLinks, linkUrls } from '../links/urls.ts';
import { connect, failFastOptions, whenReady } from '../redis/connection.ts';
import { formatOperatorToken, readOperatorTokenFile } from '../security/operator.ts';

const config = readConfig();

async function storedLinks(): Promise<InviteLink[]> {
  if (!config.redisUrl) return FileLinkBook.open(config.dataDir).all();
  const redis = connect(config.redisUrl, 'gavel-links-cli', failFastOptions(5_000));
  try {
    await whenReady(redis, 10_000);
    return (await RedisLinkBook.open(redis, config.redisPrefix)).all();
  } finally {
    redis.disconnect();
  }
}

const links = await storedLinks();
if (links.length === 0) {
  console.log(`No event in ${config.redisUrl ? 'Redis' : config.dataDir} yet: \`npm start\` creates the default event.`);
} else {
  console.log(formatLinks(links, linkUrls(defaultPublicUrl(config))));
}
// The generated one only: a token set in OPERATOR_TOKEN is its owner's to keep (S61).
const operatorToken = config.operatorToken ? null : readOperatorTokenFile(config.dataDir);
if (operatorToken) console.log(`\n${formatOperatorToken(operatorToken)}`);
