/**
 * Where a server spent its CPU: reads `.cpuprofile` files written with `--profile DIR`
 * (node --cpu-prof) and prints self time by package or source folder, then the hottest
 * functions. Idle time is left out of the shares.
 *
 *   npx tsx bench/load/profile.ts [--from S] [--to S] /tmp/prof/gavel/*.cpuprofile
 *
 * `--from`/`--to` keep the samples between those seconds after the process started (the join
 * storm comes first, then the scenario).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/(server|shared|bench)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]!.split('/')[0]}` : url;
}

export function summarise(files: string[], top = 25, window: { from: number; to: number } = { from: 0, to: Infinity }): string {
  const selfByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let elapsedUs = 0;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id)!;
      const us = profile.timeDeltas[i] ?? 0;
      elapsedUs += us;
      if (elapsedUs < window.from * 1e6 || elapsedUs > window.to * 1e6) return;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') return;
      total += us;
      const where = area(url, functionName);
      selfByArea.set(where, (selfByArea.get(where) ?? 0) + us);
      const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${lineNumber + 1}` : ''}`;
      selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
    });
  }
  const lines = [`busy CPU in profile: ${(total / 1e6).toFixed(2)} s`, '', 'self time by area:'];
  for (const [name, us] of [...selfByArea].sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  lines.push('', 'hottest functions (self time):');
  for (const [name, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  return lines.join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const value = Number(args[i + 1]);
    args.splice(i, 2);
    return value;
  };
  const window = { from: option('--from', 0), to: option('--to', Infinity) };
  console.log(summarise(args, 25, window));
}
