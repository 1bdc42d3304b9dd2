/** What the coordinator (bench/load/index.ts) and the client workers (bench/load/worker.ts) tell each other over IPC. */
import type { HistogramData } from './histogram.ts';
import type { DeliveryKind } from './stamp.ts';

/** A simulated person: a participant who registers, or a roster person (moderator, speaker) with an invite token. */
export interface PersonSpec {
  /** Global index: the sender id in stamps. */
  index: number;
  name: string;
  community: string;
  region: 'africa' | 'asia' | 'europe' | 'other';
  country: string;
  organisation: string;
  /** Invite token of a roster person; participants register for one. */
  token?: string;
  /** Roster key of a roster person (e.g. `kemo-camara`). */
  rosterId?: string;
  role: 'participant' | 'moderator' | 'speaker';
  /** The node (index into the target's URLs) this person registers and connects to. */
  node: number;
  /** Milliseconds after the join storm starts at which this person registers and connects. */
  joinOffsetMs: number;
  /** Keeps a real replica of the event (shared/replica.ts) and reports its state's digest. */
  replica: boolean;
}

export type TargetKind = 'gavel' | 'floor';

/**
 * How a simulated person connects: `lean` on a raw WebSocket that reads only seqs and stamps
 * (bench/load/leanParticipant.ts), `full` on socket.io-client as the browser does
 * (bench/load/participant.ts). Replicas and probes are always `full`.
 */
export type ParticipantKind = 'lean' | 'full';

export interface InitMessage {
  type: 'init';
  workerId: number;
  target: TargetKind;
  /** Node URLs; a person connects (and registers) to `urls[spec.node]`. */
  urls: string[];
  eventId: string;
  people: PersonSpec[];
  /** Epoch ms at which the join storm starts. */
  joinStartAt: number;
  /** Give up on a join (register + snapshot) after this long. */
  joinTimeoutMs: number;
  /** This worker runs the moderator's script (bench/load/director.ts). */
  director: DirectorPlan | null;
  /** Register everyone first and report `registered`; the storm (connections only) starts on `storm`. */
  registerAhead: boolean;
  /** How this worker's people connect (its replicas connect as `full` whatever this says). */
  participants: ParticipantKind;
  /**
   * A dropped person reconnects (the reconnect storm): to another node of `urls`, round-robin
   * over those not known dead, after the real client's first reconnection delay, saying where
   * it stands (`sinceSeq`). Without it a dropped person stays out, as before.
   */
  reconnect: boolean;
}

/** The coordinator killed the node at `url` (SIGKILL): nobody reconnects there. */
export interface KilledMessage {
  type: 'killed';
  url: string;
  at: number;
}

export interface StormMessage {
  type: 'storm';
  joinStartAt: number;
}

export interface DirectorPlan {
  /** Seconds of the compressed event: intro, panel, plenary 1, plenary 2. */
  segmentsSeconds: [number, number, number, number];
  plenaryTurns: number;
}

/** Start the scenario: the director's clock starts at `startAt`; chat goes out as listed. */
export interface ScenarioMessage {
  type: 'scenario';
  startAt: number;
  /** Seq of the last entry before the scenario: deliveries after it are the measured phase. */
  baseSeq: number;
  /** [ms after startAt, person index] */
  chat: Array<[number, number]>;
}

/** Raise hands: each listed person at `openedAt` + offset. */
export interface RaiseMessage {
  type: 'raise';
  openedAt: number;
  hands: Array<[offsetMs: number, person: number]>;
}

export interface FinishMessage {
  type: 'finish';
  finalSeq: number;
  /** Emit time and sender of each command without a text stamp (the director's), by seq. */
  stamps: Array<[seq: number, emitAt: number, sender: number]>;
  timeoutMs: number;
}

export type ToWorker = InitMessage | StormMessage | KilledMessage | ScenarioMessage | RaiseMessage | FinishMessage | { type: 'quiesce' } | { type: 'exit' };

export interface JoinedMessage {
  type: 'joined';
  workerId: number;
  joined: number;
  failed: number;
  /** First few failure reasons, for the log. */
  errors: string[];
  maxAppliedSeq: number;
  snapshotBytes: number;
}

/** From the director: the floor opened for a plenary (hands go up now), or the script ended. */
export interface DirectorEvent {
  type: 'director';
  event: 'floorOpen' | 'done';
  at: number;
  segment?: number;
  stamps?: Array<[seq: number, emitAt: number, sender: number]>;
  refusals?: string[];
}

export interface QuietMessage {
  type: 'quiet';
  workerId: number;
  maxAckedSeq: number;
  inFlight: number;
}

export interface CommandCounts {
  sent: number;
  ok: number;
  refused: Record<string, number>;
  timedOut: number;
}

export interface WorkerReport {
  type: 'report';
  workerId: number;
  clients: number;
  connectedAtEnd: number;
  disconnects: number;
  /** Latency histograms by kind of entry, emit → applied in every other client. */
  latency: Record<DeliveryKind | 'all', HistogramData>;
  ack: HistogramData;
  join: HistogramData;
  register: HistogramData;
  deliveries: { total: number; scenario: number; registration: number };
  /** Seqs never applied (gaps never filled, or short of the final seq), over all clients. */
  missed: number;
  doubled: number;
  /** Entries that arrived ahead of a gap (applied later, when it filled). */
  outOfOrder: number;
  clientsShort: number;
  /** A few of them, described. */
  shortClients: string[];
  /** Dropped connections by reason, and when the first and last dropped (epoch ms). */
  drops: { reasons: Record<string, number>; first: number | null; last: number | null };
  bytes: { join: number; scenario: number };
  /** Engine.IO messages received during the scenario, over all clients. */
  packetsScenario: number;
  /** This worker's CPU time from the scenario's start until every entry was in. */
  cpuMsScenario: number;
  commands: CommandCounts;
  replicaDigests: string[];
  /** The reconnect storm, from this worker's people; null when no node was killed. */
  storm: WorkerStorm | null;
  drainedAt: number;
  cpuMs: number;
}

export interface RegisteredMessage {
  type: 'registered';
  workerId: number;
  failed: number;
  errors: string[];
}

export type FromWorker = RegisteredMessage | JoinedMessage | DirectorEvent | QuietMessage | WorkerReport | { type: 'error'; workerId: number; message: string };

/** One reconnection of a person the killed node dropped, as a worker reports it (see `Reconnection` in person.ts). */
export interface StormReconnect {
  /** Drop → handshake accepted on another node, and drop → caught up, in ms (null: never). */
  reconnectMs: number | null;
  catchUpMs: number | null;
  attempts: number;
  /** Bytes received on the new connection until caught up. */
  bytes: number;
  /** Entries it had to get to be caught up (its seq when dropped → the head it caught up with), and their bytes as the others received them. */
  missedEntries: number;
  missedBytes: number;
  /** Entries in that range whose bytes the worker never read (not in `missedBytes`). */
  unknownBytes: number;
  snapshot: boolean;
  /** Where it stood when the run ended: the final seq, if it is back. */
  connectedAtEnd: boolean;
}

export interface WorkerStorm {
  /** Joined people of this worker on the killed node when the coordinator said it was killed. */
  clientsOfKilled: number;
  reconnects: StormReconnect[];
  /** Reconnections of people on other nodes (a drop for another reason): not the storm. */
  otherReconnects: number;
  /** A few reconnections that missed the budget, described. */
  examples: string[];
}
