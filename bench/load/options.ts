/** The load benchmark's command line: `npm run bench -- load --clients 5000 --nodes 1 …`. */
import { availableParallelism } from 'node:os';
import type { ParticipantKind, TargetKind } from './messages.ts';

export interface LoadOptions {
  /** Registered participants (the roster's moderator and speakers join besides them). */
  clients: number;
  nodes: number;
  workers: number;
  /** Chat messages per second across the event. */
  chatRate: number;
  /** Share of participants who raise a hand within two seconds of a plenary's floor opening. */
  hands: number;
  /** Seconds of the compressed event (intro, panel, two plenaries in the seed's 10:50:40:20 proportions). */
  duration: number;
  /** Seconds over which the N participants register and join. */
  joinSeconds: number;
  plenaryTurns: number;
  /**
   * Participants held by a worker of their own with nothing else to do. On one machine the
   * bulk workers' backlog adds to every latency they measure; the probes' latency is closer
   * to what a participant on their own device would see (the server's share of the delay).
   */
  probes: number;
  /** Clients that keep a real EventReplica and compare final states. */
  replicas: number;
  targets: TargetKind[];
  /**
   * Everyone registers before the join storm (people who signed up the days before), so the
   * storm is connections only. By default each participant registers and joins in the storm,
   * as on a first visit, and each registration's entry reaches everyone already in.
   */
  registerAhead: boolean;
  /** The floor sends one packet per entry instead of batching like Gavel. */
  floorUnbatched: boolean;
  /**
   * How the bulk of the participants connect: `lean` (a raw WebSocket that reads only seqs
   * and stamps) unless `--full-clients`. The probes and the replicas are real socket.io-clients
   * either way.
   */
  participants: ParticipantKind;
  /**
   * The servers (and redis-server) run on core 0, the coordinator and the client workers on
   * core 1 (`taskset`), so that each CPU figure is of one side only: on by default when the
   * machine has two cores or more, off with `--no-pin`.
   */
  pin: boolean;
  /**
   * The reconnect storm (issue 14): the node of this index (0-based, of `nodes`) gets SIGKILL
   * `killAt` seconds into the scenario; its clients reconnect to the other nodes with their
   * `sinceSeq` and the report gains a `reconnectStorm` block. Null: no node is killed, and a
   * dropped client stays out.
   */
  killNode: number | null;
  killAt: number;
  /** Directory for --cpu-prof profiles of the server processes, or null. */
  profileDir: string | null;
  seed: number;
}

export const LOAD_HELP = `load options:
  --clients N        participants (default 300)
  --nodes 1|3        Gavel nodes: 1 = file ledger, more = Redis ledger + adapter (default 1)
  --workers W        client worker processes (default: one per 2,500 clients, at least 2)
  --chat-rate R      chat messages per second across the event (default 20)
  --hands F          share of participants raising a hand at each plenary (default 0.1)
  --duration S       seconds of the compressed event (default 60)
  --join-seconds S   seconds over which everyone registers and joins (default N/100, 10..60)
  --plenary-turns T  turns given to raised hands per plenary (default 4)
  --probes P         participants in a lightly loaded worker of their own (default 20)
  --replicas K       clients running the real reducer (default 8)
  --targets LIST     gavel,floor (default both)
  --register-ahead   everyone registers before the storm, which is then connections only
  --floor-unbatched  the floor sends one packet per entry (default: it batches like Gavel)
  --full-clients     every participant on socket.io-client (default: lean raw-WebSocket
                     participants; probes and replicas are socket.io-clients either way)
  --no-pin           do not pin the servers to core 0 and the clients to core 1 (default:
                     pinned when the machine has 2 cores or more)
  --kill-node I      the reconnect storm: SIGKILL node I (0-based; needs --nodes 2 or more)
                     during the scenario; its clients reconnect to the other nodes, round-robin,
                     after 250–750 ms as the real client does, with their sinceSeq
  --kill-at S        seconds into the scenario at which --kill-node dies (default: a third of
                     --duration, in the panel, while chat runs)
  --profile DIR      write --cpu-prof profiles of the server and worker processes to DIR
  --seed S           random seed (default 1)`;

export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) values.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) values.set(name, argv[++i]!);
    else values.set(name, 'true');
  }
  const known = new Set([
    'clients',
    'nodes',
    'workers',
    'chat-rate',
    'hands',
    'duration',
    'join-seconds',
    'plenary-turns',
    'probes',
    'replicas',
    'targets',
    'register-ahead',
    'floor-unbatched',
    'full-clients',
    'no-pin',
    'kill-node',
    'kill-at',
    'profile',
    'seed',
  ]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}\n${LOAD_HELP}`);
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${raw}`);
    return value;
  };
  const clients = Math.round(number('clients', 300, 1, 20_000));
  const targets = (values.get('targets') ?? 'gavel,floor').split(',').map((t) => t.trim()) as TargetKind[];
  if (targets.some((t) => t !== 'gavel' && t !== 'floor')) throw new Error('--targets takes gavel, floor or both');
  const nodes = Math.round(number('nodes', 1, 1, 5));
  const duration = number('duration', 60, 10, 3_600);
  const killNode = values.has('kill-node') ? Math.round(number('kill-node', 0, 0, nodes - 1)) : null;
  if (killNode !== null && nodes < 2) throw new Error('--kill-node needs --nodes 2 or more: its clients reconnect to another node');
  if (killNode === null && values.has('kill-at')) throw new Error('--kill-at goes with --kill-node');
  return {
    clients,
    nodes,
    workers: Math.round(number('workers', Math.max(2, Math.ceil(clients / 2_500)), 1, 8)),
    chatRate: number('chat-rate', 20, 0, 1_000),
    hands: number('hands', 0.1, 0, 1),
    duration,
    joinSeconds: number('join-seconds', Math.min(60, Math.max(10, Math.round(clients / 100))), 1, 600),
    plenaryTurns: Math.round(number('plenary-turns', 4, 0, 50)),
    probes: Math.round(number('probes', Math.min(20, Math.floor(clients / 10)), 0, 200)),
    replicas: Math.round(number('replicas', 8, 0, 100)),
    targets,
    registerAhead: values.get('register-ahead') === 'true',
    floorUnbatched: values.get('floor-unbatched') === 'true',
    participants: values.get('full-clients') === 'true' ? 'full' : 'lean',
    pin: values.get('no-pin') !== 'true' && availableParallelism() >= 2,
    killNode,
    killAt: number('kill-at', Math.round(duration / 3), 1, duration),
    profileDir: values.get('profile') ?? null,
    seed: Math.round(number('seed', 1, 0, 2 ** 31)),
  };
}
