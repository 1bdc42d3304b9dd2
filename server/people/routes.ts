/** The REST side of managing people: revoke and re-issue links, registration settings, deleting one's own registration. */
import express, { type Request, type Router } from 'express';
import { RegistrationSettingsSchema, type Revoked } from '../../shared/api.ts';
import { describeZodError } from '../../shared/protocol.ts';
import type { Credential } from '../auth/types.ts';
import { ClientError } from '../errors.ts';
import type { EventHost } from '../eventHost.ts';
import type { EventRegistry } from '../events.ts';
import type { People } from './index.ts';

/** The request helpers `server/http.ts` already has, lent rather than written twice. */
export interface RequestHelpers {
  hostOf(req: Request): EventHost;
  credentialOf(req: Request): Promise<Credential>;
  requireModerator(req: Request): Promise<Credential>;
}

export function peopleRoutes(people: People, registry: EventRegistry, { hostOf, credentialOf, requireModerator }: RequestHelpers): Router {
  const router = express.Router();

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
    const parsed = RegistrationSettingsSchema.safeParse(req.body);
    if (!parsed.success) throw new ClientError('bad_request', describeZodError(parsed.error));
    res.json(await people.setRegistration(host.eventId, parsed.data));
  });

  router.delete('/api/me', async (req, res) => {
    const credential = await credentialOf(req);
    const host = registry.get(credential.eventId);
    if (!host) throw new ClientError('not_found', 'no such event');
    await people.forget(host, credential);
    res.status(204).end();
  });

  return router;
}
