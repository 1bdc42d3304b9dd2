/**
 * Prometheus metrics of one node (prom-client, a registry per app so that tests can run
 * several nodes in one process). Commands per second is `rate(gavel_commands_total[1m])`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ROLE_LIST } from '../../shared/constants.ts';
import type { Ack } from '../../shared/protocol.ts';
import type { EventRegistry } from '../events.ts';
import type { Ledger } from '../ledger/types.ts';
import { snapshotEncodings } from '../sharedSnapshot.ts';
import type { GavelServer } from '../socketTypes.ts';

export interface NodeMetrics {
  registry: Registry;
  /** A command answered after `seconds`, with this ack. */
  commandAnswered(ack: Ack, seconds: number): void;
  /** A state's digest was computed for /readyz?digest=1 (once per seq of an event, S60). */
  digestComputed(): void;
}

export function createMetrics(io: GavelServer, events: EventRegistry, ledger: Ledger, nodeId: string): NodeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry }); // standard names (process_*, nodejs_*), as dashboards expect

  new Gauge({ name: 'gavel_node_info', help: 'This node, by id (1)', labelNames: ['node'], registers: [registry] }).set({ node: nodeId }, 1);

  new Gauge({
    name: 'gavel_sockets',
    help: 'Sockets connected to this node, by role',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>(ROLE_LIST.map((role) => [role, 0]));
      for (const socket of io.of('/').sockets.values()) {
        const role = socket.data.credential?.role;
        if (role) counts.set(role, (counts.get(role) ?? 0) + 1);
      }
      for (const [role, count] of counts) this.set({ role }, count);
    },
  });

  new Gauge({
    name: 'gavel_snapshot_encodings',
    help: 'Times the snapshot every join shares was encoded, by event: at most once per seq (S40)',
    labelNames: ['event'],
    registers: [registry],
    collect() {
      for (const host of events.all()) this.set({ event: host.eventId }, snapshotEncodings(host));
    },
  });

  const commands = new Counter({
    name: 'gavel_commands_total',
    help: 'Commands answered, by outcome (ok or the error code)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: 'gavel_command_ack_seconds',
    help: 'From a command reaching this node to its ack (stored in the ledger and applied here)',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const digests = new Counter({
    name: 'gavel_state_digests_total',
    help: 'State digests computed for /readyz?digest=1 (each seq of each event at most once, at most once a second per event)',
    registers: [registry],
  });

  // One look at the ledger per scrape, shared by the two gauges (prom-client collects them in parallel).
  let sampling: Promise<void> | null = null;
  const sampleLedger = () =>
    (sampling ??= (async () => {
      try {
        for (const host of events.all()) ledgerLag.set({ event: host.eventId }, Math.max(0, (await ledger.head(host.eventId)) - host.state.seq));
        ledgerUp.set(1);
      } catch {
        ledgerUp.set(0);
      }
    })().finally(() => (sampling = null)));
  const ledgerUp = new Gauge({
    name: 'gavel_ledger_up',
    help: 'Whether the ledger answered at the last scrape (1) or not (0)',
    registers: [registry],
    collect: sampleLedger,
  });
  const ledgerLag = new Gauge({
    name: 'gavel_ledger_lag_entries',
    help: 'Entries stored in the ledger that this node has not applied yet, per event',
    labelNames: ['event'],
    registers: [registry],
    collect: sampleLedger,
  });

  return {
    registry,
    commandAnswered(ack, seconds) {
      commands.inc({ outcome: ack.ok ? 'ok' : ack.error.code });
      ackLatency.observe(seconds);
    },
    digestComputed: () => digests.inc(),
  };
}
