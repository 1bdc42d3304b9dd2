/** `npm run links`: print the moderator, speaker and stage links of every event again. */
import { defaultPublicUrl, readConfig } from '../config.ts';
import { formatLinks, LinkBook, linkUrls } from '../links.ts';

const config = readConfig();
const links = new LinkBook(config.dataDir).all();
if (links.length === 0) {
  console.log(`No event in ${config.dataDir} yet: \`npm start\` creates the default event.`);
} else {
  console.log(formatLinks(links, linkUrls(defaultPublicUrl(config))));
}
