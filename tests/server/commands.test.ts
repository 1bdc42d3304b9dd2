/**
 * The one command path with per-command hooks, on in-memory parts: a hook runs after every
 * check and before the append; its refusal is the answer and nothing is stored; a repeat
 * answered from the node's record does not run it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import type { Credential } from '../../server/auth/types.ts';
import { type CommandHooks, executeCommand } from '../../server/commands.ts';
import type { EventHost } from '../../server/eventHost.ts';
import { EventRegistry } from '../../server/events.ts';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import { MemoryLinkBook } from '../../server/links/memory.ts';
import type { Entry } from '../../shared/protocol.ts';
import { DEFAULT_TEMPLATE } from '../../shared/template.ts';

describe('command hooks', () => {
  const ledger = new MemoryLedger();
  const auth = new MemoryAuthStore();
  const registry = new EventRegistry(ledger, auth, new MemoryLinkBook());
  let host: EventHost;
  let moderator: Credential;
  /** What happened, in order: the hooks' calls and the ledger's head when each ran. */
  let calls: string[];
  let refuseNext = false;

  const hooks: CommandHooks = {
    'queue.setOpen': {
      before: async ({ host: at }, command) => {
        calls.push(`before open=${command.payload.open} head=${at.state.seq}`);
        if (!refuseNext) return null;
        refuseNext = false;
        return { code: 'not_found', message: 'refused by the hook' };
      },
      after: ({ host: at }, entry: Entry) => calls.push(`after seq=${entry.seq} applied=${at.state.seq}`),
    },
  };
  const send = (raw: unknown) => executeCommand(host, ledger, moderator, raw, Date.now(), hooks);

  beforeAll(async () => {
    const { eventId, links } = await registry.create(DEFAULT_TEMPLATE);
    host = registry.get(eventId)!;
    const link = links.find((l) => l.role === 'moderator')!;
    moderator = (await auth.resolve(link.token))!;
  });
  afterAll(() => registry.stop());

  it('the hook runs after the checks and before the append; after runs once the entry is applied, before the answer', async () => {
    calls = [];
    const head = host.state.seq;
    const ack = await send({ type: 'queue.setOpen', payload: { open: false } });
    expect(ack).toEqual({ ok: true, seq: head + 1 });
    expect(calls).toEqual([`before open=false head=${head}`, `after seq=${head + 1} applied=${head + 1}`]);
  });

  it('a command the checks refuse never reaches its hook', async () => {
    calls = [];
    expect(await send({ type: 'queue.setOpen', payload: { open: false } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await send({ type: 'queue.setOpen', payload: { open: 'no' } })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(calls).toEqual([]);
  });

  it('a hook that refuses is the answer, and nothing is stored', async () => {
    calls = [];
    refuseNext = true;
    const head = await ledger.head(host.eventId);
    expect(await send({ type: 'queue.setOpen', payload: { open: true } })).toEqual({ ok: false, error: { code: 'not_found', message: 'refused by the hook' } });
    expect(await ledger.head(host.eventId)).toBe(head);
    expect(calls).toHaveLength(1);
  });

  it('ID2: a repeat answered from the node’s record is answered as the first, without running the hook again', async () => {
    calls = [];
    const command = { id: 'hooked-command-1', type: 'queue.setOpen', payload: { open: true } };
    const first = await send(command);
    expect(first).toMatchObject({ ok: true });
    expect(await send(command)).toEqual(first);
    expect(calls.filter((c) => c.startsWith('before'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('after'))).toHaveLength(1);
  });

  it('commands without a hook take the same path', async () => {
    calls = [];
    expect(await send({ type: 'queue.setOrder', payload: { order: 'balanced' } })).toMatchObject({ ok: true });
    expect(calls).toEqual([]);
  });
});
