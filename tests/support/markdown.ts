/** Reading the Markdown Gavel writes (the outcome document) in tests. */

/** Markdown split into its `## ` sections, by heading. */
export function sections(md: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of md.split(/^## /m).slice(1)) {
    const [heading, ...body] = part.split('\n');
    map.set(heading!, body.join('\n'));
  }
  return map;
}
