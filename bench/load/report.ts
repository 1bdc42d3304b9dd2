/** The load benchmark's Markdown table: Gavel and the floor side by side, with the budgets. */
import type { Summary } from './histogram.ts';
import type { TargetResult } from './index.ts';
import type { LoadOptions } from './options.ts';

const n = (value: number) => value.toLocaleString('en');
const ms = (value: number) => (Number.isNaN(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const quartet = (s: Summary | undefined) => (s && s.count > 0 ? `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}` : '–');
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : '');

export function loadTable({ options, gavel, floor }: { options: LoadOptions; gavel?: TargetResult; floor?: TargetResult }): string {
  const one = options.nodes === 1;
  const at5000 = options.clients >= 5_000;
  const col = (pick: (r: TargetResult) => string) => `${gavel ? pick(gavel) : '–'} | ${floor ? pick(floor) : '–'}`;
  const rows: string[] = [];
  const row = (measure: string, values: string, r: string, budget: string) => rows.push(`| ${measure} | ${values} | ${r} | ${budget} |`);

  row(
    'delivery latency, every entry (ms) p50 / p95 / p99 / max',
    col((r) => quartet(r.latencyMs.all)),
    ratio(gavel?.latencyMs.all?.p99, floor?.latencyMs.all?.p99),
    `p99 < 250 ms${one && at5000 ? '' : ' (N = 5,000, 1 node)'}; ≤ 1.5× floor`,
  );
  row(
    '&nbsp;&nbsp;chat messages',
    col((r) => quartet(r.latencyMs.chat)),
    ratio(gavel?.latencyMs.chat?.p99, floor?.latencyMs.chat?.p99),
    '',
  );
  row(
    '&nbsp;&nbsp;raised hands (bursts)',
    col((r) => quartet(r.latencyMs.hand)),
    ratio(gavel?.latencyMs.hand?.p99, floor?.latencyMs.hand?.p99),
    '',
  );
  row(
    `&nbsp;&nbsp;probe clients only (${options.probes}, a lightly loaded process of their own)`,
    col((r) => quartet(r.probeLatencyMs ?? undefined)),
    ratio(gavel?.probeLatencyMs?.p99, floor?.probeLatencyMs?.p99),
    '',
  );
  row(
    '&nbsp;&nbsp;moderator and speakers',
    col((r) => quartet(r.latencyMs.moderation)),
    ratio(gavel?.latencyMs.moderation?.p99, floor?.latencyMs.moderation?.p99),
    '',
  );
  row(
    'ack round trip (ms) p50 / p95 / p99 / max',
    col((r) => quartet(r.ackMs)),
    ratio(gavel?.ackMs.p99, floor?.ackMs.p99),
    '',
  );
  row(
    'join, connect → snapshot (ms) p50 / p95 / p99 / max',
    col((r) => quartet(r.join.joinMs)),
    ratio(gavel?.join.joinMs.p99, floor?.join.joinMs.p99),
    'p99 < 2,000 ms',
  );
  row(
    'registration POST (ms) p50 / p95 / p99 / max',
    col((r) => quartet(r.join.registerMs)),
    '',
    '',
  );
  row(
    'missed / doubled entries',
    col((r) => `${n(r.missed)} / ${n(r.doubled)}`),
    '',
    '0 / 0',
  );
  row(
    'server CPU per delivered entry (µs)',
    col((r) => r.server.cpuUsPerDelivery.toFixed(2)),
    ratio(gavel?.server.cpuUsPerDelivery, floor?.server.cpuUsPerDelivery),
    '≤ 1.5× floor',
  );
  row(
    'server CPU, scenario / join storm (s)',
    col(
      (r) =>
        `${(r.server.cpuMsScenario / 1000).toFixed(1)} / ${(r.server.cpuMsJoin / 1000).toFixed(1)}${r.server.redisCpuMsScenario !== null ? ` (+ redis ${(r.server.redisCpuMsScenario / 1000).toFixed(1)})` : ''}`,
    ),
    '',
    '',
  );
  row(
    'server memory per participant, RSS / heap (KB)',
    col((r) => `${r.server.rssPerParticipantKb} / ${r.server.heapPerParticipantKb}`),
    ratio(gavel?.server.rssPerParticipantKb, floor?.server.rssPerParticipantKb),
    'RSS < 30 KB',
  );
  row(
    'bytes received per client per minute (scenario)',
    col((r) => n(r.bytesPerClientPerMinute)),
    ratio(gavel?.bytesPerClientPerMinute, floor?.bytesPerClientPerMinute),
    '',
  );
  row(
    'bytes received per client during the join storm',
    col((r) => n(r.joinBytesPerClient)),
    '',
    '',
  );
  row(
    'packets per client per second',
    col((r) => `${r.clientPackets.perClientPerSecond}`),
    '',
    '',
  );
  row(
    `CPU per packet a client received (µs), node / client workers${options.pin ? ' (each on a core of its own)' : ' (sharing the cores)'}`,
    col(
      (r) =>
        `${r.clientPackets.nodeCpuUsPerPacket ?? '–'} / ${r.clientPackets.workerCpuUsPerPacket} (without the probes: ${r.clientPackets.bulkWorkerCpuUsPerPacket ?? '–'})`,
    ),
    '',
    '',
  );
  row(
    'CPU per delivered entry (µs), node / client workers',
    col((r) => `${r.server.cpuUsPerDelivery.toFixed(2)} / ${r.clientPackets.workerCpuUsPerDelivery ?? '–'}`),
    '',
    '',
  );
  row(
    "client workers' CPU over the scenario (cores)",
    col((r) => `${r.clientPackets.workerCores ?? '–'}`),
    '',
    options.pin ? '< 1 (else the clients, not the node, set the latency)' : '',
  );
  row(
    'entries delivered, scenario / registrations',
    col((r) => `${n(r.deliveries.scenario)} / ${n(r.deliveries.registration)}`),
    '',
    '',
  );
  const drops = (r: TargetResult) =>
    r.disconnects === 0
      ? ''
      : ` (${Object.entries(r.drops.reasons)
          .map(([why, count]) => `${n(count)} ${why}`)
          .join(', ')}; ${r.drops.firstSeconds} s → ${r.drops.lastSeconds} s)`;
  row(
    'clients joined / disconnected (why; first → last, s after the scenario started)',
    col((r) => `${n(r.joined)} of ${n(r.clients)} / ${n(r.disconnects)}${drops(r)}`),
    '',
    '',
  );
  row(
    'commands sent / refused / timed out',
    col((r) => `${n(r.commands.sent)} / ${n(Object.values(r.commands.refused).reduce((a, b) => a + b, 0))} / ${n(r.commands.timedOut)}`),
    '',
    '',
  );
  row(
    'replicas running the reducer agree',
    col((r) => (r.target === 'gavel' ? `${r.replicas.agree ? 'yes' : 'NO'} (${r.replicas.count})` : 'n/a')),
    '',
    '',
  );
  row(
    'client workers CPU (s) / machine load before → after (CPU pressure after, % of the last minute)',
    col(
      (r) =>
        `${(r.workersCpuMs / 1000).toFixed(0)} / ${r.machine.before.loadavg1m} → ${r.machine.after.loadavg1m}${r.machine.after.cpuPressure60s == null ? '' : ` (${r.machine.after.cpuPressure60s} %)`}`,
    ),
    '',
    '',
  );

  const storm = gavel?.reconnectStorm ?? floor?.reconnectStorm;
  if (storm) {
    const st = (pick: (r: NonNullable<TargetResult['reconnectStorm']>) => string) => col((r) => (r.reconnectStorm ? pick(r.reconnectStorm) : '–'));
    const trio = (s: { p50: number; p99: number; max: number }) => `${s.p50} / ${s.p99} / ${s.max}`;
    row(
      `reconnect storm: node ${storm.killedNode} killed (SIGKILL) ${storm.killedAtSeconds} s in; its clients / reconnected / caught up within ${storm.budget.catchUpSeconds} s`,
      st((r) => `${n(r.clientsOfKilled)} / ${n(r.reconnected)} / ${n(r.caughtUpWithinBudget)}`),
      '',
      'all',
    );
    row(
      '&nbsp;&nbsp;drop → back on another node (s) p50 / p99 / max',
      st((r) => trio(r.reconnectSeconds)),
      '',
      '',
    );
    row(
      '&nbsp;&nbsp;drop → caught up (s) p50 / p99 / max',
      st((r) => trio(r.catchUpSeconds)),
      '',
      `≤ ${storm.budget.catchUpSeconds} s`,
    );
    row(
      '&nbsp;&nbsp;snapshots received',
      st((r) => n(r.snapshots)),
      '',
      'none while the node holds what was missed',
    );
    row(
      '&nbsp;&nbsp;bytes per reconnect p50 / p99 / max',
      st((r) => trio(r.bytesPerReconnect)),
      '',
      '',
    );
    row(
      '&nbsp;&nbsp;missed, entries / bytes p50 / p99 / max',
      st((r) => `${trio(r.missedEntriesPerReconnect)} / ${trio(r.missedBytesPerReconnect)}`),
      '',
      '',
    );
    row(
      '&nbsp;&nbsp;bytes beyond the missed entries p50 / p99 / max; reconnects over budget',
      st((r) => `${trio(r.extraBytesPerReconnect)}; ${n(r.overByteBudget)}`),
      '',
      `≤ ${n(storm.budget.extraBytes)} bytes; 0`,
    );
    row(
      '&nbsp;&nbsp;reconnect storm budget',
      st((r) => (r.pass ? 'pass' : 'FAIL')),
      '',
      '',
    );
  }

  const title = `## Load: ${n(options.clients)} participants, ${options.nodes} node${one ? ' (file ledger)' : 's (Redis ledger + adapter)'}`;
  const params = `chat ${options.chatRate}/s, ${Math.round(options.hands * 100)} % of participants raise a hand at each plenary, ${options.duration} s compressed event, join storm over ${options.joinSeconds} s${options.registerAhead ? ' (registered ahead: connections only)' : ' (each participant registers, then connects)'}, ${options.workers} client workers of ${options.participants === 'lean' ? 'lean raw-WebSocket participants (probes and replicas on socket.io-client)' : 'socket.io-client participants'}${options.pin ? ', servers on CPU 0 and clients on CPU 1' : ''}; the floor ${options.floorUnbatched ? 'sends one packet per entry' : 'batches entries into packets as Gavel does'}`;
  return `${title}\n\n${params}\n\n| measure | Gavel | floor | Gavel / floor | budget |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}
