/**
 * What user text may hold before it is trimmed and bounded (S14): one kind of line break, no
 * bidi control left open to reorder what follows it, and no half of a surrogate pair.
 */

const EMBEDDINGS = new Set([0x202a, 0x202b, 0x202d, 0x202e]); // LRE, RLE, LRO, RLO: closed by PDF
const ISOLATES = new Set([0x2066, 0x2067, 0x2068]); // LRI, RLI, FSI: closed by PDI
const PDF = 0x202c;
const PDI = 0x2069;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` with every `\r\n` and bare `\r` turned into `\n`, lone surrogates removed, and every
 * bidi embedding, override or isolate that its own terminator does not close on the same line
 * removed, with every terminator that closes nothing. A bare `\r` would otherwise start a new
 * line in Markdown that the text rules never saw; an open U+202E would reverse the page's text
 * after a name.
 */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '').split('\n').map(withPairedBidiControls).join('\n');
}

/** One line (a bidi paragraph) keeping only the bidi controls that pair up, as UAX #9 nests them. */
function withPairedBidiControls(line: string): string {
  if (!/[\u202A-\u202E\u2066-\u2069]/.test(line)) return line;
  const open: { index: number; isolate: boolean }[] = [];
  const drop = new Set<number>();
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (EMBEDDINGS.has(c)) open.push({ index: i, isolate: false });
    else if (ISOLATES.has(c)) open.push({ index: i, isolate: true });
    else if (c === PDF) {
      // A PDF closes the innermost embedding, and nothing across an isolate.
      if (open.length > 0 && !open[open.length - 1]!.isolate) open.pop();
      else drop.add(i);
    } else if (c === PDI) {
      if (!open.some((o) => o.isolate)) {
        drop.add(i);
        continue;
      }
      // A PDI closes its isolate and, implicitly, embeddings left open inside it: those go.
      for (let top = open.pop(); top && !top.isolate; top = open.pop()) drop.add(top.index);
    }
  }
  for (const o of open) drop.add(o.index);
  let out = '';
  for (let i = 0; i < line.length; i++) if (!drop.has(i)) out += line[i];
  return out;
}

/** Does `text` already hold only what `normaliseText` keeps? */
export function isNormalText(text: string): boolean {
  return normaliseText(text) === text;
}

/**
 * A link as a person types it, with its scheme (K10): "www.asf.fr" or "asf.fr/agenda" reads as
 * `https://…`, as a browser's address bar reads it. Anything else (a scheme already, or text
 * that does not start with a host name) is left as typed, for the link rule to accept or refuse.
 */
export function withScheme(link: string): string {
  const typed = link.trim();
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(typed) || !/^[^\s/:@]+\.[^\s/:@.]/.test(typed)) return typed;
  return `https://${typed}`;
}
