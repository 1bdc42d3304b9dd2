/**
 * REST routes of the outcome document, the data export and data deletion (O7, O8, X1–X3), mounted under
 * `/api/events/:eventId` by `http.ts`. The document is rendered from the event's state on
 * each request: a pure function, so every node serves the same bytes for the same seq.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { OUTCOME_STYLE } from '../shared/outcome/html.ts';
import { type Audience, outcomeHtml, outcomeMarkdown } from '../shared/outcome/index.ts';
import { projectEntry, type Redactions } from '../shared/projection.ts';
import { describeZodError, type Entry } from '../shared/protocol.ts';
import { asFormerParticipant } from '../shared/reducer/people.ts';
import { resultsHidden } from '../shared/reducer/proposals.ts';
import type { EventState } from '../shared/state.ts';
import type { AuthStore, Credential } from './auth/types.ts';
import { ClientError } from './errors.ts';
import type { EventHost } from './eventHost.ts';
import type { Ledger } from './ledger/types.ts';

export interface OutcomeRouteDeps {
  hostOf(req: Request): EventHost;
  /** The requester's credential if they moderate the event, else `forbidden` with `refusal` (http.ts). */
  requireModerator(req: Request, refusal?: string): Promise<Credential>;
  auth: AuthStore;
  ledger: Ledger;
  clock: () => number;
  /** Erase a participant's personal data: `people.forget` and the auth store (server/people/index.ts). */
  forget(host: EventHost, person: Credential): Promise<void>;
}

const OutcomeQuery = z.object({
  version: z.enum(['moderators', 'public']).default('moderators'),
  download: z.enum(['0', '1']).default('0'),
});

/**
 * The outcome page carries its own stylesheet inline (it must print from a file too), so it
 * gets its own policy: that one stylesheet by hash, and nothing else at all: no script, no
 * request. Even a string that slipped past escaping could not run.
 */
const OUTCOME_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(OUTCOME_STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function queryOf(req: Request): z.infer<typeof OutcomeQuery> {
  const parsed = OutcomeQuery.safeParse(req.query);
  if (!parsed.success) throw new ClientError('bad_request', describeZodError(parsed.error));
  return parsed.data;
}

const LEDGER_PAGE = 1000;
const DIRECTORY_PAGE = 200;

/** Who may read which version: moderators either; anyone the public one once a moderator made it public (O7). */
async function audienceFor(req: Request, host: EventHost, deps: OutcomeRouteDeps): Promise<Audience> {
  const { version } = queryOf(req);
  if (version === 'public' && host.state.outcome.public) return 'public';
  await deps.requireModerator(
    req,
    version === 'public' ? 'the public outcome document has not been published yet' : 'only moderators may read this version of the outcome document',
  );
  return version;
}

function fileName(host: EventHost, audience: Audience, ext: string): string {
  return `${host.eventId}-outcome${audience === 'public' ? '-public' : ''}.${ext}`;
}

function send(req: Request, res: Response, body: string, type: string, name: string): void {
  const { download } = queryOf(req);
  res.set('Cache-Control', 'no-store');
  res.set('Content-Type', `${type}; charset=utf-8`);
  res.set('Content-Disposition', `${download === '1' ? 'attachment' : 'inline'}; filename="${name}"`);
  res.send(body);
}

/** Person ids a `people.forget` entry erased; their names are masked in the exported ledger too (X3). */
function forgottenIds(entries: readonly Entry[]): Set<string> {
  const ids = new Set<string>();
  for (const entry of entries) {
    const { type, payload } = entry.command as { type: string; payload: unknown };
    const personId = (payload as { personId?: unknown } | null)?.personId;
    if (type === 'people.forget' && typeof personId === 'string') ids.add(personId);
  }
  return ids;
}

function masked(entry: Entry, forgotten: ReadonlySet<string>): Entry {
  if (!forgotten.has(entry.actor.id)) return entry;
  return { ...entry, actor: asFormerParticipant(entry.actor) };
}

/**
 * V8: while a vote whose results are hidden is open, nobody's browser holds its distribution,
 * moderators' included, not even in the export: its votes are what everyone else receives
 * (B10), and the state holds none of its ballots. Once it closes, the export is the whole record.
 */
function withoutHiddenVotes(state: EventState, entries: Entry[], redactions: Redactions): { state: EventState; entries: Entry[] } {
  const hidden = new Set(state.proposals.items.filter(resultsHidden).map((p) => p.id));
  if (hidden.size === 0) return { state, entries };
  const items = state.proposals.items.map((p) => (hidden.has(p.id) ? { ...p, ballots: {} } : p));
  const isHiddenVote = (e: Entry) => e.command.type === 'proposals.vote' && hidden.has(e.command.payload.proposalId);
  return {
    state: { ...state, proposals: { ...state.proposals, items } },
    entries: entries.map((e) => (isHiddenVote(e) ? projectEntry(e, state, redactions) : e)),
  };
}

async function readAll(ledger: Ledger, eventId: string, head: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  while (entries.length < head) {
    const page = await ledger.read(eventId, entries.length, Math.min(LEDGER_PAGE, head - entries.length));
    if (page.length === 0) break;
    entries.push(...page);
  }
  return entries;
}

export function outcomeRoutes(deps: OutcomeRouteDeps): express.Router {
  const router = express.Router({ mergeParams: true });

  router.get('/outcome.md', async (req, res) => {
    const host = deps.hostOf(req);
    const audience = await audienceFor(req, host, deps);
    send(req, res, outcomeMarkdown(host.state, audience), 'text/markdown', fileName(host, audience, 'md'));
  });

  router.get('/outcome.html', async (req, res) => {
    const host = deps.hostOf(req);
    const audience = await audienceFor(req, host, deps);
    res.set('Content-Security-Policy', OUTCOME_CSP);
    send(req, res, outcomeHtml(host.state, audience), 'text/html', fileName(host, audience, 'html'));
  });

  /**
   * The whole event for moderators: the state, the registrations (profiles, never tokens),
   * the contributions and every ledger entry up to the state's seq (X1).
   */
  router.get('/export.json', async (req, res) => {
    const host = deps.hostOf(req);
    await deps.requireModerator(req, 'only moderators may export the event');
    const now = host.state;
    const { state, entries } = withoutHiddenVotes(now, await readAll(deps.ledger, host.eventId, now.seq), host.redactions);
    const forgotten = forgottenIds(entries);
    const registrations: unknown[] = [];
    for (let offset = 0; ; offset += DIRECTORY_PAGE) {
      const page = await deps.auth.directory(host.eventId, offset, DIRECTORY_PAGE);
      registrations.push(
        ...page.people.map(({ personId, role, profile }) => ({
          personId,
          role,
          name: profile.name,
          community: profile.community,
          region: profile.region,
          country: profile.country,
          organisation: profile.organisation,
          consentToBeNamed: profile.consentToBeNamed,
        })),
      );
      if (page.people.length < DIRECTORY_PAGE || offset + DIRECTORY_PAGE >= page.total) break;
    }
    res.set('Cache-Control', 'no-store');
    res.set('Content-Disposition', `attachment; filename="${host.eventId}-export.json"`);
    res.json({
      format: 'gavel-export/1',
      exportedAt: new Date(deps.clock()).toISOString(),
      eventId: host.eventId,
      seq: state.seq,
      state,
      registrations,
      contributions: state.contributions.items,
      ledger: entries.map((e) => masked(e, forgotten)),
    });
  });

  /**
   * A moderator deletes a participant's personal data on their request (X2): the same path as
   * a participant deleting their own registration. Their name becomes "Former participant"
   * everywhere; what they said and did stays on the record.
   */
  router.delete('/people/:personId', async (req, res) => {
    const host = deps.hostOf(req);
    await deps.requireModerator(req, 'only moderators may delete a participant’s data');
    const person = await deps.auth.person(host.eventId, String(req.params.personId));
    if (!person) throw new ClientError('not_found', 'no such participant, or their data was already deleted');
    await deps.forget(host, person);
    res.status(204).end();
  });

  return router;
}
