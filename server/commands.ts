/**
 * The path of one command: parse, authorise, check against the current state, append,
 * wait until applied here, answer. Whatever fails answers with an error and changes nothing.
 */
import type { Ack, Actor, Command, CommandType, Entry, GavelError } from '../shared/protocol.ts';
import { COMMAND_TYPES, CommandSchema, describeZodError } from '../shared/protocol.ts';
import { canSend } from '../shared/permissions.ts';
import { applyEntry, queuePosition } from '../shared/reducer/index.ts';
import type { Credential } from './auth/types.ts';
import type { EventHost } from './eventHost.ts';
import { LedgerUnavailableError, type Ledger } from './ledger/types.ts';

export function actorOf(credential: Credential): Actor {
  const { profile } = credential;
  return {
    id: credential.personId,
    role: credential.role,
    name: profile.name,
    community: profile.community,
    region: profile.region,
    country: profile.country,
    consent: profile.consentToBeNamed,
  };
}

/** Shape and role: the checks that need no state. */
export function parseCommand(raw: unknown, credential: Credential): Command | GavelError {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(COMMAND_TYPES as string[]).includes(type)) {
    return { code: 'unknown_command', message: `unknown command${typeof type === 'string' ? ` "${type.slice(0, 40)}"` : ''}` };
  }
  // The role is checked before the payload: a sender who may not use a command learns nothing of its shape.
  const known = type as CommandType;
  if (known === 'event.create' || !canSend(credential.role, known)) {
    return { code: 'forbidden', message: `a ${credential.role} may not send ${known}` };
  }
  const parsed = CommandSchema.safeParse(raw);
  if (!parsed.success) return { code: 'bad_request', message: `${known}: ${describeZodError(parsed.error)}` };
  return parsed.data;
}

/**
 * Would the reducer refuse this now? Exact on one node; with several nodes a command may
 * still be refused at apply time, and that verdict is the one every node reaches.
 */
export function precheck(host: EventHost, actor: Actor, command: Command, now: number): GavelError | null {
  if (command.type === 'chat.delete' && !host.hasChatMessage(command.payload.messageId)) {
    return { code: 'not_found', message: 'no such message' };
  }
  const probe: Entry = { seq: host.state.seq + 1, at: now, actor, command };
  return applyEntry(host.state, probe).error;
}

export async function executeCommand(
  host: EventHost,
  ledger: Ledger,
  credential: Credential,
  raw: unknown,
  now: number,
): Promise<Ack> {
  const command = parseCommand(raw, credential);
  if ('code' in command) return { ok: false, error: command };
  const actor = actorOf(credential);
  const refused = precheck(host, actor, command, now);
  if (refused) return { ok: false, error: refused };
  let entry: Entry;
  try {
    entry = await ledger.append(host.eventId, { actor, command });
  } catch (err) {
    if (err instanceof LedgerUnavailableError) {
      // A timeout or a cut connection can hide an append that landed: say so, rather than "not saved".
      return { ok: false, error: { code: 'unavailable', message: 'Gavel is temporarily unavailable and could not confirm your command: if it does not show within a few seconds, please retry' } };
    }
    throw err;
  }
  const error = await host.whenApplied(entry.seq);
  if (error) return { ok: false, error };
  if (command.type === 'queue.raise' || command.type === 'queue.pointOfOrder') {
    const position = queuePosition(host.state, actor.id, command.type === 'queue.raise' ? 'hand' : 'pointOfOrder');
    if (position !== null) return { ok: true, seq: entry.seq, position };
  }
  return { ok: true, seq: entry.seq };
}
