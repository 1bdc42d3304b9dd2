/**
 * S1: every command sent by every kind of sender, through a real node and real sockets, from
 * a state where the command would succeed. Where the permission table allows it, it works;
 * elsewhere it is refused `forbidden` and the event does not change. A muted participant's
 * chat is refused `muted`; a token nobody issued is refused at the handshake; a token of
 * another event acts on that event only.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../../server/auth/types.ts';
import type { Role } from '../../../shared/constants.ts';
import { canSend } from '../../../shared/permissions.ts';
import { COMMAND_TYPES, type CommandType } from '../../../shared/protocol.ts';
import { TestClient } from '../../support/client.ts';
import { withoutSeq } from '../../support/eventDriver.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { SCENARIOS, type ScenarioContext } from './roleScenarios.ts';
import { MODERATOR, NOTE_TAKER, registered, SPEAKER, STAGE, templateWithEveryRole } from './support.ts';

type Sender = Role | 'muted participant' | 'unissued token' | 'token of another event';
const SENDERS: Sender[] = ['moderator', 'speaker', 'noteTaker', 'participant', 'stage', 'muted participant', 'unissued token', 'token of another event'];
type Outcome = 'works' | 'forbidden' | 'muted' | 'unauthorized at the handshake' | 'never reaches this event';

function roleOf(sender: Sender): Role | null {
  if (sender === 'muted participant') return 'participant';
  return sender === 'unissued token' || sender === 'token of another event' ? null : sender;
}

function expected(sender: Sender, type: CommandType): Outcome {
  if (sender === 'unissued token') return 'unauthorized at the handshake';
  if (sender === 'token of another event') return 'never reaches this event';
  if (!canSend(roleOf(sender)!, type)) return 'forbidden';
  return sender === 'muted participant' && type === 'chat.send' ? 'muted' : 'works';
}

const ROSTER_KEY: Partial<Record<Role, string>> = { moderator: MODERATOR, speaker: SPEAKER, noteTaker: NOTE_TAKER, stage: STAGE };

describe('S1: the permission table, for every command and every sender', () => {
  let server: TestServer;
  let elsewhere: TestClient;
  let events = 0;
  const tally = new Map<Outcome, number>();

  beforeAll(async () => {
    server = await startServer({ template: templateWithEveryRole('roles-home') });
    const other = await server.app.registry.create(templateWithEveryRole('roles-elsewhere'));
    elsewhere = await TestClient.connect(server.url, other.links.find((l) => l.personId === MODERATOR)!.token);
  });
  afterAll(async () => {
    elsewhere.close();
    await server.close();
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\n  S1 role table: ${COMMAND_TYPES.length} commands × ${SENDERS.length} senders = ${total} checks ` +
        `(${[...tally].map(([outcome, n]) => `${n} ${outcome}`).join(', ')})\n`,
    );
  });

  for (const sender of SENDERS) {
    describe(sender, () => {
      for (const type of COMMAND_TYPES) {
        const outcome = expected(sender, type);
        it(`${type}: ${outcome}`, async () => {
          const { eventId, links } = await server.app.registry.create(templateWithEveryRole(`roles-${++events}`));
          const host = server.app.registry.get(eventId)!;
          const clients: TestClient[] = [];
          const connect = async (token: string) => {
            const client = await TestClient.connect(server.url, token);
            clients.push(client);
            return client;
          };
          const tokenOf = (personId: string) => links.find((l) => l.personId === personId)!.token;
          try {
            const mod = await connect(tokenOf(MODERATOR));
            const role = roleOf(sender);
            let actor: TestClient | null = null;
            let actorId: string | null = null;
            if (role && ROSTER_KEY[role]) {
              actorId = ROSTER_KEY[role]!;
              actor = await connect(tokenOf(actorId));
            } else if (role === 'participant') {
              const person = await registered(server.url, eventId, { name: 'Tested Participant' });
              actorId = person.personId;
              actor = await connect(person.token);
              if (sender === 'muted participant') await mod.must('chat.mute', { personId: actorId, muted: true });
            }
            let helper: { client: TestClient; personId: string } | null = null;
            const ctx: ScenarioContext = {
              mod,
              actor,
              actorId,
              actorMay: (t) => role !== null && canSend(role, t),
              helper: async () => {
                if (!helper) {
                  const person = await registered(server.url, eventId, { name: 'Helpful Participant', region: 'asia' });
                  helper = { client: await connect(person.token), personId: person.personId };
                }
                return helper;
              },
              state: () => host.state,
              ids: {},
            };
            const scenario = SCENARIOS[type];
            await scenario.setup?.(ctx);
            const payload = scenario.payload(ctx);
            const before = structuredClone(host.state);

            if (outcome === 'unauthorized at the handshake') {
              const socket = io(server.url, { auth: { token: newToken() }, transports: ['websocket'], reconnection: false, forceNew: true });
              socket.emit('command', { type, payload });
              const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
              socket.close();
              expect(error.message).toBe('unauthorized');
            } else if (outcome === 'never reaches this event') {
              await elsewhere.send(type, payload);
            } else {
              const ack = await actor!.send(type, payload);
              if (outcome === 'works') {
                expect(ack, `${sender} sending ${type}`).toMatchObject({ ok: true });
                expect(host.state.seq).toBeGreaterThan(before.seq);
                expect(withoutSeq(host.state)).not.toEqual(withoutSeq(before));
              } else {
                expect(ack).toMatchObject({ ok: false, error: { code: outcome } });
              }
            }
            if (outcome !== 'works') expect(host.state).toEqual(before);
            tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
          } finally {
            for (const c of clients) c.close();
          }
        });
      }
    });
  }
});
