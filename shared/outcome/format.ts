/**
 * Deterministic formatting for the outcome document: dates and times in UTC, durations, and
 * the escaping that keeps user text harmless in HTML and in Markdown. No locale data, no
 * clock: the same state gives the same bytes on every machine.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** "Saturday 1 June 2024". */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "12:05 UTC". */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "45 s", "10 min", "7 min 08 s", "1 h 05 min". Rounded down to the second. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${pad(m)} min`;
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${pad(s)} s`;
}

/** "+3 min", "−1 min 30 s", "on time": actual against planned. */
export function formatDifference(ms: number): string {
  if (Math.abs(ms) < 1000) return 'on time';
  return `${ms > 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`;
}

/** "1 endorsement", "3 endorsements". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML elements and quoted attributes: `<script>` shows as text, never runs. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Every line break a Markdown reader or an editor might honour, not only the schema's `\n`. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * User text as inert Markdown: no raw HTML (`<`, `>`, `&` become entities), no emphasis,
 * code, links or table breaks (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~` are escaped), and no
 * line that starts a heading, list, quote or setext underline. `inline` also folds line
 * breaks into spaces, for table cells and list items.
 */
export function escapeMarkdown(text: string, { inline = false }: { inline?: boolean } = {}): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
  const lines = escaped.split(LINE_BREAK).map((line) =>
    line
      .replace(/^\s+/, '')
      .replace(/^([#+=-])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2'),
  );
  return inline ? lines.filter((l) => l !== '').join(' ') : lines.join('\n');
}

/** A link we are willing to print: http(s) only (the protocol already refuses others; this is the last guard). */
export function safeLink(url: string): string | null {
  return /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

/** A URL as a Markdown link destination: characters that could end or break the link are percent-encoded. */
export function markdownUrl(url: string): string {
  return url.replace(/[<>()\s"'`\\[\]|*_]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
