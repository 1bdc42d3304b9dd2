/**
 * Who is online, per event and role, across every node. Presence is not state: it never
 * enters the ledger. Each node counts its own people (a person with several tabs counts
 * once, S43) and, once a second, tells the other
 * nodes its counts (a Socket.IO server-side emit through the Redis adapter). Each node adds
 * up its own counts and the latest heard from every other node, and sends the sum to its own
 * sockets when it changed. A node that dies without a goodbye stops being heard: after
 * `staleAfterMs` its counts are dropped, so its sockets stop counting within seconds.
 *
 * The heartbeat is the whole protocol: a lost message is replaced by the next one, and no
 * Redis key can be left behind by a dead node.
 */
import { ROLE_LIST, type Role } from '../shared/constants.ts';
import type { PresenceCounts } from '../shared/protocol.ts';
import { type GavelServer, type Heartbeat, HeartbeatSchema, PRESENCE_HEARTBEAT } from './socketTypes.ts';

export interface PresenceOptions {
  /** This node's id in heartbeats. */
  nodeId: string;
  /** Exchange counts with other nodes (needs the Redis adapter); off on a single node. */
  gossip: boolean;
  /** Socket.IO room of an event's sockets. */
  roomOf: (eventId: string) => string;
  intervalMs?: number;
  /** A node not heard from for this long no longer counts (default: three missed heartbeats). */
  staleAfterMs?: number;
  onWarning?: (message: string) => void;
}

function sum(counts: PresenceCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function zero(): PresenceCounts {
  return Object.fromEntries(ROLE_LIST.map((role) => [role, 0])) as PresenceCounts;
}

export class PresenceBoard {
  /** This node's people per event: their role, and how many of their sockets are here. */
  private readonly people = new Map<string, Map<string, { role: Role; sockets: number }>>();
  private readonly local = new Map<string, PresenceCounts>();
  private readonly remote = new Map<string, { events: Heartbeat['events']; heardAt: number }>();
  /** The last counts sent to this node's sockets, per event, to send only changes. */
  private readonly shown = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private readonly staleAfterMs: number;

  constructor(
    private readonly io: GavelServer,
    private readonly options: PresenceOptions,
  ) {
    const intervalMs = options.intervalMs ?? 1_000;
    this.staleAfterMs = options.staleAfterMs ?? 3 * intervalMs;
    if (options.gossip) {
      io.on(PRESENCE_HEARTBEAT, (raw: unknown) => {
        const heartbeat = HeartbeatSchema.safeParse(raw);
        if (!heartbeat.success) return options.onWarning?.('presence: ignored a malformed heartbeat');
        if (heartbeat.data.node !== options.nodeId) this.remote.set(heartbeat.data.node, { events: heartbeat.data.events, heardAt: performance.now() });
      });
    }
    // Joins come in storms: counts go out at most once per interval, summed.
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  join(eventId: string, role: Role, personId: string): void {
    const people = this.people.get(eventId) ?? new Map<string, { role: Role; sockets: number }>();
    this.people.set(eventId, people);
    const person = people.get(personId);
    if (person) {
      person.sockets += 1;
      return;
    }
    people.set(personId, { role, sockets: 1 });
    this.add(eventId, role, 1);
  }

  leave(eventId: string, role: Role, personId: string): void {
    const people = this.people.get(eventId);
    const person = people?.get(personId);
    if (!people || !person) return;
    person.sockets -= 1;
    if (person.sockets > 0) return;
    people.delete(personId);
    if (people.size === 0) this.people.delete(eventId);
    this.add(eventId, role, -1);
  }

  /** How many are online in the event, every role, as this node sees it now. */
  online(eventId: string): number {
    return sum(this.counts(eventId));
  }

  /** What a socket is told of who is online: the event-wide counts per role and their sum (Y1). */
  current(eventId: string): { counts: PresenceCounts; total: number } {
    const counts = this.counts(eventId);
    return { counts, total: sum(counts) };
  }

  /** The event-wide counts as this node sees them now. */
  counts(eventId: string): PresenceCounts {
    const sum = zero();
    const parts = [this.local.get(eventId), ...[...this.remote.values()].map((node) => node.events[eventId])];
    for (const part of parts) if (part) for (const role of ROLE_LIST) sum[role] += part[role] ?? 0;
    return sum;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private add(eventId: string, role: Role, delta: number): void {
    const counts = this.local.get(eventId) ?? zero();
    counts[role] = Math.max(0, counts[role] + delta);
    this.local.set(eventId, counts);
  }

  private tick(): void {
    if (this.options.gossip) {
      // Sent every interval, changed or not: silence is what marks a node as gone.
      this.io.serverSideEmit(PRESENCE_HEARTBEAT, { node: this.options.nodeId, events: Object.fromEntries(this.local) } satisfies Heartbeat);
      const now = performance.now();
      for (const [node, { heardAt }] of this.remote) if (now - heardAt > this.staleAfterMs) this.remote.delete(node);
    }
    const eventIds = new Set([...this.local.keys(), ...[...this.remote.values()].flatMap((node) => Object.keys(node.events))]);
    for (const eventId of eventIds) {
      const now = this.current(eventId);
      const key = JSON.stringify(now.counts);
      if (this.shown.get(eventId) === key) continue;
      this.shown.set(eventId, key);
      // Each node tells only its own sockets: the other nodes tell theirs the same sum.
      this.io.local.to(this.options.roomOf(eventId)).emit('presence', now);
    }
  }
}
