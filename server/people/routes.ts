/**
 * The REST side of managing people: revoke and re-issue links, registration settings, the lobby,
 * flags and network blocks, deleting one's own registration.
 */
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import {
  AdmitRequestSchema,
  type Admitted,
  type BlocksView,
  type FlagsView,
  type LobbyPage,
  RegistrationSettingsSchema,
  type Revoked,
} from '../../shared/api.ts';
import { isStaff } from '../../shared/permissions.ts';
import { type Credential, FLAGS_KEPT } from '../auth/types.ts';
import { ClientError } from '../errors.ts';
import type { EventHost } from '../eventHost.ts';
import type { EventRegistry } from '../events.ts';
import { PageQuery, parseRequest } from '../requests.ts';
import type { People } from './index.ts';

/** The request helpers `server/http.ts` already has, lent rather than written twice. */
export interface RequestHelpers {
  hostOf(req: Request): EventHost;
  /** `waiting`: a registration still in the lobby may use the route (S46). */
  credentialOf(req: Request, options?: { waiting: boolean }): Promise<Credential>;
  requireModerator(req: Request): Promise<Credential>;
}

const DeclineSchema = z.strictObject({ personId: z.string().max(64) });

export function peopleRoutes(people: People, registry: EventRegistry, { hostOf, credentialOf, requireModerator }: RequestHelpers): Router {
  const router = express.Router();

  /** Moderators and note-takers let people in (S46) and see the flags (S47). */
  async function requireStaff(req: Request): Promise<Credential> {
    const credential = await credentialOf(req);
    if (!isStaff(credential.role)) throw new ClientError('forbidden', 'only moderators and note-takers manage the lobby');
    return credential;
  }

  router.post('/api/events/:eventId/people/:personId/revoke', async (req, res) => {
    const host = hostOf(req);
    await requireModerator(req);
    res.json({ revoked: await people.revoke(host.eventId, String(req.params.personId)) } satisfies Revoked);
  });

  router.post('/api/events/:eventId/links/:personId/reissue', async (req, res) => {
    const host = hostOf(req);
    await requireModerator(req);
    res.status(201).json(await people.reissue(host.eventId, String(req.params.personId)));
  });

  router.put('/api/events/:eventId/registration', async (req, res) => {
    const host = hostOf(req);
    await requireModerator(req);
    res.json(await people.setRegistration(host, parseRequest(RegistrationSettingsSchema, req.body)));
  });

  router.get('/api/events/:eventId/lobby', async (req, res) => {
    const host = hostOf(req);
    await requireStaff(req);
    const { offset, limit } = parseRequest(PageQuery, req.query);
    res.json((await people.lobby(host.eventId, offset, limit)) satisfies LobbyPage);
  });

  router.post('/api/events/:eventId/lobby/admit', async (req, res) => {
    const host = hostOf(req);
    await requireStaff(req);
    const request = parseRequest(AdmitRequestSchema, req.body);
    res.json({ admitted: await people.admit(host, 'all' in request ? 'all' : request.personIds) } satisfies Admitted);
  });

  router.post('/api/events/:eventId/lobby/decline', async (req, res) => {
    const host = hostOf(req);
    await requireStaff(req);
    await people.decline(host, parseRequest(DeclineSchema, req.body).personId);
    res.status(204).end();
  });

  router.get('/api/events/:eventId/flags', async (req, res) => {
    const host = hostOf(req);
    await requireStaff(req);
    res.json({ people: await people.flags(host.eventId, FLAGS_KEPT) } satisfies FlagsView);
  });

  router.get('/api/events/:eventId/blocks', async (req, res) => {
    const host = hostOf(req);
    await requireModerator(req);
    res.json({ blocks: await people.blocks(host.eventId) } satisfies BlocksView);
  });

  router.delete('/api/events/:eventId/blocks/:personId', async (req, res) => {
    const host = hostOf(req);
    await requireModerator(req);
    await people.unblock(host.eventId, String(req.params.personId));
    res.status(204).end();
  });

  router.delete('/api/me', async (req, res) => {
    const credential = await credentialOf(req, { waiting: true });
    const host = registry.get(credential.eventId);
    if (!host) throw new ClientError('not_found', 'no such event');
    await people.forget(host, credential);
    res.status(204).end();
  });

  return router;
}
