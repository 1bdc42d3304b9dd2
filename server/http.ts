/** The REST API: health, public event info, registration, history pages, the directory, event creation. */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ChatPage, CreatedEvent, InviteLinks, MyRegistration, PublicEvent, Registered } from '../shared/api.ts';
import { ERROR_CODES } from '../shared/constants.ts';
import { describeZodError, type GavelError, RegistrationSchema } from '../shared/protocol.ts';
import { TemplateSchema } from '../shared/template.ts';
import type { AuthStore, Credential } from './auth/types.ts';
import { ClientError, INTERNAL, STORE_UNAVAILABLE } from './errors.ts';
import type { EventHost } from './eventHost.ts';
import { CHAT_PAGE_MAX } from './eventHost.ts';
import type { EventRegistry } from './events.ts';
import type { Ledger } from './ledger/types.ts';
import type { LinkBook } from './links/types.ts';
import type { LinkUrls } from './links/urls.ts';
import type { Logger } from './logger.ts';
import { outcomeRoutes } from './outcome.ts';
import { directoryFor } from './people/directory.ts';
import type { People } from './people/index.ts';
import { peopleRoutes } from './people/routes.ts';
import { PageQuery, parseRequest } from './requests.ts';
import type { Security } from './security/index.ts';
import { refuseTooMany } from './security/restGuard.ts';
import { StoreWriteError } from './storage/appendOnlyFile.ts';

export interface HttpDeps {
  registry: EventRegistry;
  auth: AuthStore;
  links: LinkBook;
  urls: LinkUrls;
  logger: Logger;
  clock: () => number;
  /** The built client (Vite's dist/), or null when it is not served. */
  clientDir: string | null;
  /** For the data export and the registration figures. */
  ledger: Ledger;
  /** Headers, limits and origins (`server/security`). */
  security: Security;
  /** Revoking, re-issuing and forgetting people, and who may register (`server/people`). */
  people: People;
  /** Whether a bearer token is the operator's (S61): only the operator creates events. */
  isOperator: (token: string) => boolean;
}

const ChatQuery = z.object({
  before: z.coerce.number().int().positive().default(Number.MAX_SAFE_INTEGER),
  limit: z.coerce.number().int().min(1).max(CHAT_PAGE_MAX).default(50),
});

/** What was wrong with a request refused before any route ran: its body (body-parser) or its address (S36). */
function requestProblem(err: unknown, status: number): GavelError {
  if (status === 413) return { code: 'too_large', message: 'the request is too large' };
  // body-parser marks what it refused with a `type`; the router decoding a malformed %-escape in the path throws a URIError.
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return { code: 'bad_request', message: 'the request body is not valid JSON' };
  if (err instanceof URIError) return { code: 'bad_request', message: 'the address is not valid: it holds a malformed %-escape' };
  return { code: 'bad_request', message: typeof type === 'string' ? 'the request body could not be read' : 'the request is not valid' };
}

export function createHttpApp({ registry, auth, links, urls, logger, clock, clientDir, ledger, security, people, isOperator }: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(security.headers, security.requestBudget());
  // Origins and rate limits before any body is parsed: a refused request costs next to nothing.
  app.use('/api', security.rest.api);
  app.use(express.json({ limit: '256kb' }));

  function hostOf(req: Request): EventHost {
    const host = registry.get(String(req.params.eventId));
    if (!host) throw new ClientError('not_found', 'no such event');
    return host;
  }

  function bearerOf(req: Request): string {
    const header = req.get('authorization') ?? '';
    return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  }

  /**
   * The bearer token's credential, which must belong to the event in the path when there is one.
   * A registration waiting in the lobby is let in only where `waiting` says so (S46).
   */
  async function credentialOf(req: Request, { waiting } = { waiting: false }): Promise<Credential> {
    const token = bearerOf(req);
    const credential = token ? await auth.resolve(token) : null;
    if (!credential) throw new ClientError('unauthorized', 'a valid token is needed');
    if (req.params.eventId !== undefined && credential.eventId !== req.params.eventId) {
      throw new ClientError('forbidden', 'that token belongs to another event');
    }
    if (credential.waiting && !waiting) throw new ClientError('waiting', 'you are in the lobby: a moderator will let you in');
    return credential;
  }

  /** The credential of a moderator of the event in the path; anyone else is refused with `refusal`. */
  async function requireModerator(req: Request, refusal = 'only moderators may do this'): Promise<Credential> {
    const credential = await credentialOf(req);
    if (credential.role !== 'moderator') throw new ClientError('forbidden', refusal);
    return credential;
  }

  // Liveness only: what the node holds (event ids, seqs, digests) is for the ops listener (S60).
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Said plainly, not answered by the client app's catch-all: a balancer probing here would read its 200 as "ready".
  app.get(['/readyz', '/metrics'], () => {
    throw new ClientError('not_found', 'readiness and metrics are served on the ops port (OPS_PORT), not on the public one');
  });

  app.get('/api/events/:eventId', async (req, res) => {
    const { state } = hostOf(req);
    const registration = await people.registrationInfo(state.eventId);
    res.json({
      id: state.eventId,
      title: state.title,
      description: state.description,
      status: state.status,
      scheduledStartAt: state.scheduledStartAt,
      segments: state.agenda.segments.map((s) => ({ id: s.id, title: s.title, format: s.format, kind: s.kind, plannedMs: s.plannedMs })),
      roster: state.roster.map(({ id, name, role, title, organisation, community, region, country, bio }) => ({
        id,
        name,
        role,
        title,
        organisation,
        community,
        region,
        country,
        bio,
      })),
      registration,
    } satisfies PublicEvent);
  });

  app.post('/api/events/:eventId/register', security.rest.registration, async (req, res) => {
    const host = hostOf(req);
    const form = parseRequest(RegistrationSchema, req.body);
    res.status(201).json((await people.register(host, form, security.addressOf(req))) satisfies Registered);
  });

  app.get('/api/me', async (req, res) => {
    const { eventId, personId, role, profile, waiting } = await credentialOf(req, { waiting: true });
    res.json({ eventId, personId, role, profile, waiting: waiting === true } satisfies MyRegistration);
  });

  app.get('/api/events/:eventId/chat', async (req, res) => {
    const host = hostOf(req);
    const viewer = await credentialOf(req);
    const { before, limit } = parseRequest(ChatQuery, req.query);
    const page = host.chatPage(before, limit, { role: viewer.role, personId: viewer.personId });
    res.json({ ...page, messages: await people.withoutErasedAuthors(host, page.messages) } satisfies ChatPage);
  });

  app.get('/api/events/:eventId/people', async (req, res) => {
    const host = hostOf(req);
    const viewer = await credentialOf(req);
    // The stage shows only what the public may see (S17): registrations are not that.
    if (viewer.role === 'stage') throw new ClientError('forbidden', 'the stage display has no directory');
    const { offset, limit } = parseRequest(PageQuery, req.query);
    res.json(directoryFor(viewer, await auth.directory(host.eventId, offset, limit)));
  });

  app.get('/api/events/:eventId/links', async (req, res) => {
    const host = hostOf(req);
    await requireModerator(req);
    res.json({
      participantUrl: urls.participant(host.eventId),
      links: links.get(host.eventId).map(({ personId, role, name, title, token }) => ({ personId, role, name, title, url: urls.invite(host.eventId, token) })),
    } satisfies InviteLinks);
  });

  // Creating events is the operator's act, not an event's moderator's (S61).
  app.post('/api/events', async (req, res) => {
    const token = bearerOf(req);
    if (!token) throw new ClientError('unauthorized', 'creating an event needs the operator token');
    if (!isOperator(token)) throw new ClientError('forbidden', "creating an event needs the operator token, not an event's");
    const result = TemplateSchema.safeParse(req.body);
    if (!result.success) throw new ClientError('bad_request', `the template is not valid: ${describeZodError(result.error)}`);
    const { eventId, links: issued } = await registry.create(result.data);
    res.status(201).json({
      eventId,
      participantUrl: urls.participant(eventId),
      links: issued.map(({ personId, role, name, title, token }) => ({ personId, role, name, title, url: urls.invite(eventId, token) })),
    } satisfies CreatedEvent);
  });

  app.use('/api/events/:eventId', outcomeRoutes({ hostOf, requireModerator, auth, ledger, clock, forget: (host, person) => people.forget(host, person) }));

  app.use(peopleRoutes(people, registry, { hostOf, credentialOf, requireModerator }));

  app.use('/api', (_req, _res) => {
    throw new ClientError('not_found', 'no such API route');
  });

  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The client routes by path (/e/:eventId/...): every page is the same app.
    app.get('/{*path}', (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  }

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ClientError) {
      if (err.code === 'rate_limited') return refuseTooMany(res, err.toJSON());
      return void res.status(err.status).json({ error: err.toJSON() });
    }
    // Nothing of the change was kept (the store cuts a failed write back): safe to retry. The
    // store logged the failure once; a log line per refused request would flood a join storm.
    if (err instanceof StoreWriteError) return void res.status(ERROR_CODES.unavailable).json({ error: STORE_UNAVAILABLE });
    const status = (err as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return void res.status(status).json({ error: requestProblem(err, status) });
    logger.error({ err }, 'request failed');
    res.status(500).json({ error: INTERNAL });
  });

  return app;
}
