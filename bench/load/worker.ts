/**
 * A client worker: a child process holding a share of the simulated people (a few thousand
 * sockets), run by the coordinator (bench/load/index.ts) over IPC. It joins its people on
 * their schedule, sends their chat and hands when told, runs the moderator's script when it
 * is the director's worker, and reports histograms and counts at the end.
 */

import { direct, MODERATOR } from './director.ts';
import type { Histogram as HistogramType } from './histogram.ts';
import { Histogram } from './histogram.ts';
import { LeanParticipant } from './leanParticipant.ts';
import type {
  FinishMessage,
  FromWorker,
  InitMessage,
  JoinedMessage,
  KilledMessage,
  PersonSpec,
  RaiseMessage,
  ScenarioMessage,
  StormMessage,
  StormReconnect,
  ToWorker,
  WorkerReport,
  WorkerStorm,
} from './messages.ts';
import { Participant } from './participant.ts';
import { clientBackoffMs, missedBy, Recorder, roundRobinRejoin, type SimulatedPerson } from './person.ts';
import { cpuMs } from './proc.ts';
import { DELIVERY_KINDS, type DeliveryKind, now, stampText } from './stamp.ts';

const CHAT_LINES = [
  'Thank you to the panel. In Lyon our association delivered food parcels to 300 families during the lockdown.',
  'How can diaspora remittances be channelled into local health systems without high transfer fees?',
  'We set up a WhatsApp hotline in four languages for people who could not read the official guidance.',
  'Agree with the previous speaker: partnerships with municipalities made the difference for us.',
  'Could the outcome document include a list of diaspora organisations willing to share their tools?',
];
const TOPICS = [
  'Mobile money transfers for families',
  'Translating health guidance',
  'Partnerships with local authorities',
  'Funding small diaspora organisations',
];

function send(message: FromWorker): void {
  process.send!(message);
}

const latency = Object.fromEntries([...DELIVERY_KINDS, 'all'].map((k) => [k, new Histogram()])) as Record<DeliveryKind | 'all', HistogramType>;
const recorder = new Recorder(latency, new Histogram());
const timings = { register: new Histogram(), join: new Histogram() };
let init: InitMessage;
const people = new Map<number, SimulatedPerson>();
let sending = true;
const timers = new Set<NodeJS.Timeout>();

function later(atEpochMs: number, action: () => void): void {
  const timer = setTimeout(
    () => {
      timers.delete(timer);
      action();
    },
    Math.max(0, atEpochMs - now()),
  );
  timers.add(timer);
}

const urlOf = (spec: PersonSpec) => init.urls[spec.node % init.urls.length]!;

/** Nodes the coordinator killed, and the one the reconnect storm is about. */
const deadUrls = new Set<string>();
let killed: { url: string; clients: number } | null = null;
/** A dropped person reconnects as the real client would, to another node (see `roundRobinRejoin`). */
const rejoinPolicy = roundRobinRejoin(
  () => init.urls,
  deadUrls,
  (attempt) => new Promise((resolve) => setTimeout(resolve, clientBackoffMs(attempt))),
);

/** A replica runs the real reducer on what socket.io-client decodes; everyone else connects as the worker is told. */
function personFor(spec: PersonSpec): SimulatedPerson {
  const person = spec.replica || init.participants === 'full' ? new Participant(spec, recorder) : new LeanParticipant(spec, recorder);
  if (init.reconnect) person.rejoin = rejoinPolicy;
  return person;
}

/** The killed node's people: how each got back, against what it missed (see `StormReconnect`). */
function stormReport(): WorkerStorm | null {
  if (!killed) return null;
  const reconnects: StormReconnect[] = [];
  const examples: string[] = [];
  let otherReconnects = 0;
  for (const p of people.values()) {
    for (const r of p.reconnections) {
      if (r.fromUrl !== killed.url) {
        otherReconnects++;
        continue;
      }
      const missed = missedBy(recorder, r, p.applied);
      const missedBytes = missed.bytes;
      const reconnect: StormReconnect = {
        reconnectMs: r.reconnectedAt === null ? null : Math.round(r.reconnectedAt - r.droppedAt),
        catchUpMs: r.caughtUpAt === null ? null : Math.round(r.caughtUpAt - r.droppedAt),
        attempts: r.attempts,
        bytes: r.bytes,
        missedEntries: missed.entries,
        missedBytes,
        unknownBytes: missed.unknown,
        snapshot: r.snapshot,
        connectedAtEnd: p.connected,
      };
      reconnects.push(reconnect);
      if (examples.length < 3 && (r.caughtUpAt === null || r.snapshot || r.bytes > missedBytes + 2048)) {
        examples.push(
          `${p.spec.rosterId ?? p.spec.index}: from seq ${r.fromSeq} on ${r.fromUrl} to ${r.url ?? 'nowhere'} after ${r.attempts} attempt(s), caught up at ${r.caughtUpAt === null ? 'never' : `seq ${r.caughtUpSeq}`}, ${r.bytes} bytes for ${reconnect.missedEntries} entries of ${missedBytes} bytes${r.snapshot ? `, a snapshot at seq ${r.snapshotSeq}` : ''}`,
        );
      }
    }
  }
  return { clientsOfKilled: killed.clients, reconnects, otherReconnects, examples };
}

function nodeKilled(message: KilledMessage): void {
  deadUrls.add(message.url);
  killed ??= { url: message.url, clients: [...people.values()].filter((p) => p.joined && p.url === message.url).length };
}
const failedToRegister = new Set<number>();

/** Everyone registers now, a few at a time (people who signed up before the day); the storm is then connections only. */
async function registerAll(message: InitMessage): Promise<void> {
  init = message;
  for (const spec of message.people) people.set(spec.index, personFor(spec));
  const queue = [...people.values()];
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        try {
          await p.register(urlOf(p.spec), message.eventId, timings);
        } catch (err) {
          failedToRegister.add(p.spec.index);
          if (errors.length < 5) errors.push(`${p.spec.index}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }),
  );
  send({ type: 'registered', workerId: message.workerId, failed: failedToRegister.size, errors });
}

async function joinAll(message: InitMessage, joinStartAt: number): Promise<void> {
  init = message;
  let failed = 0;
  const errors: string[] = [];
  await Promise.all(
    message.people.map(async (spec) => {
      const participant = people.get(spec.index) ?? personFor(spec);
      people.set(spec.index, participant);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, joinStartAt + spec.joinOffsetMs - now())));
      if (failedToRegister.has(spec.index)) {
        failed++;
        return;
      }
      try {
        await participant.join(urlOf(spec), message.eventId, message.target, message.joinTimeoutMs, timings);
      } catch (err) {
        failed++;
        if (errors.length < 5) errors.push(`${spec.rosterId ?? spec.index}: ${err instanceof Error ? err.message : String(err)}`);
        participant.close();
      }
    }),
  );
  const joined = [...people.values()].filter((p) => p.joined);
  const reply: JoinedMessage = {
    type: 'joined',
    workerId: message.workerId,
    joined: joined.length,
    failed,
    errors,
    maxAppliedSeq: Math.max(0, ...joined.map((p) => p.applied)),
    snapshotBytes: Math.max(0, ...joined.map((p) => p.snapshotBytes)),
  };
  send(reply);
}

function chatText(index: number, emitAt: number): string {
  return stampText(emitAt, index, CHAT_LINES[index % CHAT_LINES.length]!);
}

let cpuAtScenario = 0;

function startScenario(message: ScenarioMessage): void {
  cpuAtScenario = cpuMs(process.pid);
  recorder.baseSeq = message.baseSeq;
  recorder.inScenario = true;
  for (const [offset, index] of message.chat) {
    later(message.startAt + offset, () => {
      const p = people.get(index);
      if (!sending || !p) return;
      const emitAt = now();
      void p.send({ type: 'chat.send', payload: { text: chatText(index, emitAt) } }, emitAt);
    });
  }
  if (init.director) {
    const roles = new Map([...people.values()].filter((p) => p.spec.rosterId && p.joined).map((p) => [p.spec.rosterId!, p]));
    if (!roles.has(MODERATOR)) {
      send({ type: 'error', workerId: init.workerId, message: 'the moderator could not join' });
      return;
    }
    const total = init.director.segmentsSeconds.reduce((a, b) => a + b, 0);
    direct(
      init.director,
      message.startAt,
      roles,
      { floorOpened: (segment, at) => send({ type: 'director', event: 'floorOpen', segment, at }) },
      message.startAt + total * 1000 + 120_000,
    )
      .then((result) => send({ type: 'director', event: 'done', at: now(), stamps: result.stamps, refusals: result.refusals }))
      .catch((err: unknown) => send({ type: 'error', workerId: init.workerId, message: `director: ${err instanceof Error ? err.stack : String(err)}` }));
  }
}

function raiseHands(message: RaiseMessage): void {
  for (const [offset, index] of message.hands) {
    later(message.openedAt + offset, () => {
      const p = people.get(index);
      if (!sending || !p) return;
      const emitAt = now();
      void p.send({ type: 'queue.raise', payload: { topic: stampText(emitAt, index, TOPICS[index % TOPICS.length]!) } }, emitAt);
    });
  }
}

/** Stop sending; report once every command in flight is answered (or timed out). */
async function quiesce(): Promise<void> {
  sending = false;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  const until = now() + 40_000;
  while (recorder.inFlight > 0 && now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  send({ type: 'quiet', workerId: init.workerId, maxAckedSeq: recorder.maxAckedSeq, inFlight: recorder.inFlight });
}

async function finish(message: FinishMessage): Promise<void> {
  const live = () => [...people.values()].filter((p) => p.connected);
  const until = now() + message.timeoutMs;
  while (live().some((p) => p.applied < message.finalSeq) && now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  const drainedAt = now();
  const cpu = cpuMs(process.pid);

  // Commands without a text stamp: their emit time and sender arrive now, by seq.
  for (const [seq, emitAt, sender] of message.stamps) {
    const receipts = recorder.unstamped.get(seq);
    if (!receipts) continue;
    const kind = recorder.kinds.get(seq)?.kind ?? 'moderation';
    receipts.at.forEach((at, i) => {
      if (receipts.client[i] === sender) return;
      latency[kind].record(at - emitAt);
      latency.all.record(at - emitAt);
    });
  }

  let missed = 0;
  let clientsShort = 0;
  let stuck = 0;
  const shortClients: string[] = [];
  for (const p of people.values()) {
    if (!p.joined) continue;
    const short = p.shortfall(message.finalSeq);
    missed += short.missed;
    stuck += short.stuck;
    if (short.missed + short.stuck > 0 && clientsShort++ < 3) shortClients.push(p.describe());
  }
  const all = [...people.values()];
  const drops: WorkerReport['drops'] = { reasons: {}, first: null, last: null };
  for (const p of all) {
    if (!p.dropped) continue;
    drops.reasons[p.dropped.reason] = (drops.reasons[p.dropped.reason] ?? 0) + 1;
    drops.first = Math.min(drops.first ?? Infinity, p.dropped.at);
    drops.last = Math.max(drops.last ?? -Infinity, p.dropped.at);
  }
  const report: WorkerReport = {
    type: 'report',
    workerId: init.workerId,
    clients: all.filter((p) => p.joined).length,
    connectedAtEnd: live().length,
    disconnects: all.reduce((n, p) => n + p.disconnects, 0),
    latency: Object.fromEntries(Object.entries(latency).map(([k, h]) => [k, h.toData()])) as WorkerReport['latency'],
    ack: recorder.ack.toData(),
    join: timings.join.toData(),
    register: timings.register.toData(),
    deliveries: recorder.deliveries,
    missed: missed + stuck,
    doubled: all.reduce((n, p) => n + p.doubled, 0),
    outOfOrder: all.reduce((n, p) => n + p.outOfOrder, 0),
    clientsShort,
    shortClients,
    drops,
    bytes: { join: all.reduce((n, p) => n + p.bytesJoin, 0), scenario: all.reduce((n, p) => n + p.bytesScenario, 0) },
    packetsScenario: all.reduce((n, p) => n + p.packetsScenario, 0),
    cpuMsScenario: cpu - cpuAtScenario,
    commands: recorder.commands,
    replicaDigests: all.map((p) => p.digest()).filter((d): d is string => d !== null),
    storm: stormReport(),
    drainedAt,
    cpuMs: cpu,
  };
  send(report);
}

process.on('message', (message: ToWorker) => {
  const fail = (err: unknown) =>
    send({ type: 'error', workerId: init?.workerId ?? -1, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  try {
    switch (message.type) {
      case 'init':
        if (message.registerAhead) registerAll(message).catch(fail);
        else joinAll(message, message.joinStartAt).catch(fail);
        break;
      case 'storm':
        joinAll(init, (message as StormMessage).joinStartAt).catch(fail);
        break;
      case 'killed':
        nodeKilled(message);
        break;
      case 'scenario':
        startScenario(message);
        break;
      case 'raise':
        raiseHands(message);
        break;
      case 'quiesce':
        quiesce().catch(fail);
        break;
      case 'finish':
        finish(message).catch(fail);
        break;
      case 'exit':
        for (const p of people.values()) p.close();
        setTimeout(() => process.exit(0), 200).unref();
        break;
    }
  } catch (err) {
    fail(err);
  }
});

// A packet the lean participant misread, or any other slip: told to the coordinator, not lost in a crash.
process.on('uncaughtException', (err) => {
  const report: FromWorker = { type: 'error', workerId: init?.workerId ?? -1, message: err.stack ?? err.message };
  process.send!(report, undefined, {}, () => process.exit(1));
});

// A worker never outlives its coordinator.
process.on('disconnect', () => process.exit(0));
