/**
 * The path of every command: parse, authorise, answer a repeat as it was answered first, check
 * against the current state, run its hook, append, wait until applied here, answer. Whatever
 * fails answers with an error and changes nothing in the ledger. What a command does besides
 * its entry (a removal revokes tokens and closes sockets) is a hook, not another path.
 */

import { canSend } from '../shared/permissions.ts';
import type { Ack, Actor, Command, CommandOf, CommandType, Entry, GavelError } from '../shared/protocol.ts';
import { COMMAND_TYPES, CommandIdSchema, CommandSchema, describeZodError } from '../shared/protocol.ts';
import { applyEntry } from '../shared/reducer/index.ts';
import type { Credential } from './auth/types.ts';
import { answerTo, type EventHost } from './eventHost.ts';
import { type Ledger, LedgerUnavailableError } from './ledger/types.ts';
import { DEFAULT_STATE_BUDGET_BYTES, overBudget } from './stateBudget.ts';

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
    stageConsent: profile.consentToStage === true,
  };
}

/** A command as it passed the checks that need no state, with the id its sender gave it. */
export interface ParsedCommand {
  command: Command;
  commandId?: string;
}

/**
 * Shape and role: the checks that need no state. The packet's `id` is taken off before the
 * command is parsed (commands are strict objects); a malformed id is a `bad_request` (ID1).
 */
export function parseCommand(raw: unknown, credential: Credential): ParsedCommand | GavelError {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(COMMAND_TYPES as string[]).includes(type)) {
    return { code: 'unknown_command', message: `unknown command${typeof type === 'string' ? ` "${type.slice(0, 40)}"` : ''}` };
  }
  // The role is checked before the payload: a sender who may not use a command learns nothing of its shape.
  const known = type as CommandType;
  if (known === 'event.create' || !canSend(credential.role, known)) {
    return { code: 'forbidden', message: `a ${credential.role} may not send ${known}` };
  }
  const { id, ...command } = raw as Record<string, unknown>;
  let commandId: string | undefined;
  if (id !== undefined) {
    const parsedId = CommandIdSchema.safeParse(id);
    if (!parsedId.success) return { code: 'bad_request', message: `${known}: id: ${describeZodError(parsedId.error)}` };
    commandId = parsedId.data;
  }
  const parsed = CommandSchema.safeParse(command);
  if (!parsed.success) return { code: 'bad_request', message: `${known}: ${describeZodError(parsed.error)}` };
  return commandId === undefined ? { command: parsed.data } : { command: parsed.data, commandId };
}

/**
 * Would the reducer refuse this now? Exact on one node; with several nodes a command may
 * still be refused at apply time, and that verdict is the one every node reaches. Would it
 * take the state past its byte budget (S51)? That is the node's own check, on the state the
 * reducer's answer gives, so no replica ever has to judge it.
 */
export function precheck(host: EventHost, actor: Actor, command: Command, now: number, stateBudget = DEFAULT_STATE_BUDGET_BYTES): GavelError | null {
  if (command.type === 'chat.delete' && !host.hasChatMessage(command.payload.messageId)) {
    return { code: 'not_found', message: 'no such message' };
  }
  const probe: Entry = { seq: host.state.seq + 1, at: now, actor, command };
  const applied = applyEntry(host.state, probe);
  return applied.error ?? overBudget(host.state, applied.state, stateBudget, actor.role);
}

/**
 * The answer a repeat of an applied command gets (ID2): the first answer. Checked before the
 * precheck, which would refuse a repeated hand (`already_in_queue`) that was in fact raised.
 */
export function earlierAnswer(host: EventHost, actor: Actor, commandId: string | undefined): Ack | null {
  return commandId === undefined ? null : (host.answerFor(actor.id, commandId) ?? null);
}

/** What a hook is told of the command it runs for, besides the command itself. */
export interface CommandContext {
  host: EventHost;
  actor: Actor;
  now: number;
}

/** What one type of command does besides its entry. */
export interface CommandHook<T extends CommandType> {
  /**
   * Once the command passed every check, before its entry is appended (a removal revokes the
   * person's tokens here, so nothing they send after the decision lands behind it). An error
   * refuses the command and nothing is appended. Not run for a repeat answered from this
   * node's record; copies sent at once may each run it, so it must be safe to run twice.
   */
  before?(ctx: CommandContext, command: CommandOf<T>): Promise<GavelError | null>;
  /** Once the entry is applied here and the reducer accepted it, before the answer. Safe to run twice, as `before`. */
  after?(ctx: CommandContext, entry: Entry): void;
}

/** The hooks of a node, by command type: a command without one is its entry and nothing else. */
export type CommandHooks = { [T in CommandType]?: CommandHook<T> };

export async function executeCommand(
  host: EventHost,
  ledger: Ledger,
  credential: Credential,
  raw: unknown,
  now: number,
  hooks: CommandHooks = {},
  stateBudget = DEFAULT_STATE_BUDGET_BYTES,
): Promise<Ack> {
  const parsed = parseCommand(raw, credential);
  if ('code' in parsed) return { ok: false, error: parsed };
  return runCommand(host, ledger, actorOf(credential), parsed, now, hooks, stateBudget);
}

/** From a parsed command to its answer: repeat, precheck, hook, append, applied here, answer. */
async function runCommand(
  host: EventHost,
  ledger: Ledger,
  actor: Actor,
  { command, commandId }: ParsedCommand,
  now: number,
  hooks: CommandHooks,
  stateBudget: number,
): Promise<Ack> {
  const check = (): Ack | null => {
    const earlier = earlierAnswer(host, actor, commandId);
    if (earlier) return earlier;
    const refused = precheck(host, actor, command, now, stateBudget);
    return refused ? { ok: false, error: refused } : null;
  };
  const checked = check();
  if (checked) return checked;
  const ctx: CommandContext = { host, actor, now };
  // The table is keyed by type, so this hook is the one for this command's type.
  const hook = hooks[command.type] as CommandHook<CommandType> | undefined;
  if (hook?.before) {
    const refused = await hook.before(ctx, command);
    if (refused) return { ok: false, error: refused };
    // The hook awaited: a copy of this command or another decision may have been applied meanwhile.
    const rechecked = check();
    if (rechecked) return rechecked;
  }
  let entry: Entry;
  try {
    // With an id the ledger appends a repeat not applied here yet (its first try went through
    // another node, or its answer was lost) not again, but hands back the first entry (L13).
    entry = await ledger.append(host.eventId, commandId === undefined ? { actor, command } : { actor, command, commandId });
  } catch (err) {
    if (err instanceof LedgerUnavailableError) {
      // A timeout or a cut connection can hide an append that landed: say so, rather than "not saved".
      const message =
        commandId === undefined
          ? 'Gavel is temporarily unavailable and could not confirm your command: if it does not show within a few seconds, please retry'
          : 'Gavel is temporarily unavailable and could not confirm your command: it may still be applied, and sending it again with the same id is safe';
      return { ok: false, error: { code: 'unavailable', message } };
    }
    throw err;
  }
  const error = await host.whenApplied(entry.seq);
  if (!error) hook?.after?.(ctx, entry);
  // The answer recorded when the entry was applied: the same for the first try and every repeat.
  return earlierAnswer(host, actor, commandId) ?? answerTo(entry, error, host.state);
}
