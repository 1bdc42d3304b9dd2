/**
 * The seed event under steady load: a moderator and N participants, spread over the nodes,
 * each a real Socket.IO client keeping a replica. Participants chat with texts that are
 * unique in the whole run, and raise and lower their hand. Every command carries an id the
 * client chose; on `unavailable` or no answer it is sent again with the same id, after a
 * backoff with jitter, as the real client does. Every attempt and the final answer are kept.
 *
 * Until the server knows command ids it refuses the field (`bad_request` naming `id`): the
 * workload then goes on without ids and says so; its retries can then apply a command twice,
 * which is what the invariants are there to see.
 */
import { randomBytes } from 'node:crypto';
import type { Ack } from '../../shared/protocol.ts';
import { TestClient } from '../../tests/support/client.ts';
import { EVENT_ID } from './topology.ts';

export interface Attempt {
  /** ms since the scenario started */
  at: number;
  withId: boolean;
  outcome: 'ok' | 'timeout' | string;
}

export interface CommandRecord {
  id: string;
  who: string;
  personId: string;
  node: number;
  type: 'chat.send' | 'queue.raise' | 'queue.lower';
  text?: string;
  attempts: Attempt[];
  /** acked: ok; refused: a final refusal; unanswered: given up while retrying (stored or not, nobody knows). */
  final: 'pending' | 'acked' | 'refused' | 'unanswered';
  seq?: number;
  code?: string;
  probe?: boolean;
}

export interface Member {
  name: string;
  client: TestClient;
  personId: string;
  node: number;
}

export interface IdMode {
  /** Sending `{ id, type, payload }`. */
  enabled: boolean;
  /** The server's refusal that switched ids off, if it did. */
  refusedWith: string | null;
}

export interface WorkloadOptions {
  scenario: string;
  /** Pause between one participant's commands (± 50 % jitter). */
  intervalMs: number;
  ackTimeoutMs: number;
  ids: IdMode;
  /** ms since the scenario started */
  clock: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full jitter: anywhere from half to all of an exponential step, capped at 4 s. */
const backoff = (attempt: number) => Math.min(4_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);

export function commandId(): string {
  return randomBytes(12).toString('base64url'); // 16 characters of [A-Za-z0-9_-]
}

export async function register(url: string, name: string): Promise<{ token: string; personId: string }> {
  const res = await fetch(`${url}/api/events/${EVENT_ID}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, community: 'Chaos diaspora', region: 'africa', country: 'Belgium', consentToBeNamed: true }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; personId: string };
}

export async function connectMember(url: string, token: string, name: string, node: number): Promise<Member> {
  const client = await TestClient.connect(url, token);
  return { name, client, personId: client.self!.id, node };
}

export class Workload {
  readonly records: CommandRecord[] = [];
  private stopping = false;
  private aborted = false;
  private loops: Promise<void>[] = [];
  private counter = 0;

  constructor(
    private readonly members: readonly Member[],
    private readonly options: WorkloadOptions,
  ) {}

  start(): void {
    this.loops = this.members.map((member, i) => this.run(member, i));
  }

  /** Send no new command; let retries finish for `drainMs`, then give up on what is left. */
  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    await Promise.race([Promise.all(this.loops), sleep(drainMs)]);
    this.aborted = true;
    await Promise.all(this.loops);
  }

  /** Stop at once, waiting for nothing (the scenario broke off). */
  abandon(): void {
    this.stopping = true;
    this.aborted = true;
  }

  /**
   * One command through `member`, retried with the same id until it is answered (or until
   * `deadline`, ms since start). `pace` replaces the backoff, for the probes that time recovery.
   */
  async send(
    member: Member,
    type: CommandRecord['type'],
    payload: Record<string, unknown>,
    extra: Partial<CommandRecord> = {},
    deadline = Infinity,
    pace?: { ackTimeoutMs: number; retryMs: number },
  ): Promise<CommandRecord> {
    const record: CommandRecord = {
      id: commandId(),
      who: member.name,
      personId: member.personId,
      node: member.node,
      type,
      ...(type === 'chat.send' && { text: payload.text as string }),
      attempts: [],
      final: 'pending',
      ...extra,
    };
    this.records.push(record);
    const { ids, clock } = this.options;
    const ackTimeoutMs = pace?.ackTimeoutMs ?? this.options.ackTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      if ((this.aborted && !record.probe) || clock() > deadline) {
        record.final = 'unanswered';
        return record;
      }
      const withId = ids.enabled;
      const at = clock();
      let ack: Ack | null = null;
      try {
        ack = await member.client.untyped.timeout(ackTimeoutMs).emitWithAck('command', withId ? { id: record.id, type, payload } : { type, payload });
      } catch {
        // no answer in time
      }
      record.attempts.push({ at, withId, outcome: ack === null ? 'timeout' : ack.ok ? 'ok' : ack.error.code });
      if (ack?.ok) {
        record.final = 'acked';
        record.seq = ack.seq;
        return record;
      }
      if (ack && withId && ack.error.code === 'bad_request' && /\bid\b/.test(ack.error.message)) {
        // This server does not know command ids yet: go on without, and say so in the report.
        if (ids.enabled) {
          ids.enabled = false;
          ids.refusedWith = ack.error.message;
        }
        attempt--;
        continue;
      }
      if (ack && ack.error.code !== 'unavailable') {
        record.final = 'refused';
        record.code = ack.error.code;
        return record;
      }
      await sleep(pace ? pace.retryMs : backoff(attempt));
    }
  }

  private async run(member: Member, index: number): Promise<void> {
    const { intervalMs, scenario } = this.options;
    await sleep(Math.random() * intervalMs); // spread the first commands out
    while (!this.stopping) {
      const n = this.counter++;
      const inQueue = member.client.replica?.state.queue.hands.some((hand) => hand.person.id === member.personId && hand.kind === 'hand') ?? false;
      if (index > 0 && n % 4 === 3) {
        await this.send(member, inQueue ? 'queue.lower' : 'queue.raise', inQueue ? { kind: 'hand' } : { topic: `topic ${n}` });
      } else {
        await this.send(member, 'chat.send', { text: `chaos ${scenario} ${member.name} #${n} ${randomBytes(3).toString('hex')}` });
      }
      if (!this.stopping) await sleep(intervalMs * (0.5 + Math.random()));
    }
  }
}
