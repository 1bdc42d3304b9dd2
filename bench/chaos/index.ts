/**
 * `npm run chaos [-- --short] [-- --faults a,b]`: fault injection in the manner of Jepsen's
 * nemesis, on this machine. Each fault runs in a scenario of its own (fresh redis-server,
 * nodes, clients): the seed event under load, the fault injected, held, healed, then the
 * invariants checked (invariants.ts). Prints a Markdown table, keeps JSON in
 * bench/results/chaos.json (chaos-short.json with --short), exits 1 if any invariant fails.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS, type FaultName, nemesisFor, SHORT_FAULTS } from './nemesis.ts';
import { chaosDetails, chaosTable } from './report.ts';
import { runScenario, type ScenarioResult } from './scenario.ts';
import { missingPrerequisites } from './topology.ts';

const HELP = `npm run chaos -- [options]

Runs the seed event over real nodes while injecting one fault per scenario, and checks:
no acked command lost, none applied twice, seq contiguous, every node and client at one
state digest, /healthz answering throughout, recovery within 10 s of the heal.

faults: ${FAULTS.join(', ')}

options:
  --short            the CI version: ${SHORT_FAULTS.join(', ')}; 5 s stall, shorter holds
  --faults a,b       run only these faults
  --participants N   participants besides the moderator (default 20, 8 with --short)
  --stall S          seconds redis-server stays SIGSTOPped, 5 to 30 (default 18, 5 with --short)
  --no-ids           send commands without a client-chosen id
  --out FILE         write the JSON there instead of bench/results/
  --help             this text

Needs redis-server and root (mount -t tmpfs). Results: bench/results/chaos.json (chaos-short.json).`;

interface ChaosOptions {
  short: boolean;
  faults: FaultName[];
  participants: number;
  stallSeconds: number;
  ids: boolean;
  out: string | null;
}

function parseOptions(argv: readonly string[]): ChaosOptions | null {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n\n${HELP}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) values.set(name, inline);
    else if (['faults', 'participants', 'stall', 'out'].includes(name) && next !== undefined) values.set(name, argv[++i]!);
    else values.set(name, 'true');
  }
  if (values.has('help')) return null;
  const known = ['short', 'faults', 'participants', 'stall', 'no-ids', 'out'];
  for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}\n\n${HELP}`);
  const short = values.has('short');
  const faults = (values
    .get('faults')
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean) ?? (short ? SHORT_FAULTS : FAULTS)) as FaultName[];
  for (const f of faults) if (!(FAULTS as readonly string[]).includes(f)) throw new Error(`unknown fault "${f}"; known: ${FAULTS.join(', ')}`);
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${raw}`);
    return value;
  };
  return {
    short,
    faults,
    participants: number('participants', short ? 8 : 20, 1, 500),
    stallSeconds: number('stall', short ? 5 : 18, 5, 30),
    ids: !values.has('no-ids'),
    out: values.get('out') ?? null,
  };
}

// Everything a scenario starts registers its cleanup here, so that Ctrl-C leaves no
// redis-server, node or tmpfs mount behind.
const cleanups = new Set<() => Promise<void>>();
async function cleanUp(): Promise<void> {
  await Promise.allSettled([...cleanups].map((fn) => fn()));
  cleanups.clear();
  killOwnChildren();
}

/**
 * Anything this process started and still runs (a node or a redis-server caught half-started
 * by Ctrl-C, before a scenario knew of it): its children, found by their parent pid in /proc.
 */
function killOwnChildren(): void {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Only nodes and redis-servers: tsx's esbuild service is a child too, and still needed.
      if (ppid !== process.pid || !['node', 'redis-server'].includes(comm)) continue;
      const pid = Number(name);
      process.kill(pid, 'SIGCONT'); // a SIGSTOPped redis-server
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every process the harness started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function runChaos(argv: readonly string[]): Promise<{ results: ScenarioResult[]; file: string } | null> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(HELP);
    return null;
  }
  const missing = missingPrerequisites().filter((m) => m.startsWith('redis') || options.faults.includes('disk-full'));
  if (missing.length) throw new Error(`cannot run the chaos harness here: missing ${missing.join(', ')}`);

  const ids = { enabled: options.ids, refusedWith: null as string | null };
  const results: ScenarioResult[] = [];
  const started = new Date();
  for (const fault of options.faults) {
    const nemesis = nemesisFor(fault, { short: options.short, stallSeconds: options.stallSeconds });
    results.push(
      await runScenario(nemesis, {
        participants: options.participants,
        intervalMs: options.short ? 400 : 800,
        warmupMs: options.short ? 2_000 : 5_000,
        afterMs: options.short ? 1_000 : 3_000,
        recoveryWaitMs: options.short ? 15_000 : 30_000,
        ids,
        log: (message) => console.error(message),
        onCleanup: (fn) => cleanups.add(fn),
      }),
    );
    await cleanUp();
  }

  const idsNote = !options.ids
    ? 'Commands were sent without ids (--no-ids).'
    : ids.refusedWith
      ? `The server refused the command id field (\`${ids.refusedWith}\`): commands went without ids, so a retry after \`unavailable\` or a timeout can apply a command twice.`
      : 'Every command carried a client-chosen id, retried with the same id.';
  console.log(
    `\n## Fault injection (${options.short ? 'short' : 'full'} run, ${started.toISOString()})\n\n${chaosTable(results)}\n${idsNote}\n\n${chaosDetails(results)}\n`,
  );

  const dir = join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = options.out ?? join(dir, options.short ? 'chaos-short.json' : 'chaos.json');
  const report = {
    at: started.toISOString(),
    node: process.version,
    options,
    ids: { sent: options.ids, refusedWith: ids.refusedWith },
    passed: results.every((r) => r.verdict === 'pass'),
    scenarios: results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${file}`);
  return { results, file };
}

let exitCode = 0;
try {
  const outcome = await runChaos(process.argv.slice(2));
  exitCode = outcome?.results.some((r) => r.verdict !== 'pass') ? 1 : 0;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  exitCode = 2;
} finally {
  await cleanUp();
}
// Closed sockets and keep-alive fetches may still hold the loop for a while: nothing is left to wait for.
process.exit(exitCode);
