/**
 * One `people.join` entry per registration (J1): the server stamps it, with the region and
 * country only, so the registration figures of the outcome document come from the ledger
 * like everything else. A registration happens once per person id, on one node, so no
 * person is ever counted twice, with no list of people kept in the state.
 */
import type { Region } from '../shared/constants.ts';
import type { EventHost } from './eventHost.ts';
import { SYSTEM_ACTOR } from './events.ts';
import type { Ledger } from './ledger/types.ts';
import type { Logger } from './logger.ts';

/** Resolves once the join is applied here; a ledger failure costs one count in the figures, never the registration. */
export async function recordRegistration(
  host: EventHost,
  ledger: Ledger,
  person: { personId: string; region: Region; country: string; community: string },
  logger: Logger,
): Promise<void> {
  const { personId, region, country, community } = person;
  try {
    const entry = await ledger.append(host.eventId, {
      actor: SYSTEM_ACTOR,
      command: { type: 'people.join', payload: { personId, region, country, community } },
    });
    await host.whenApplied(entry.seq);
  } catch (err) {
    logger.warn({ err, eventId: host.eventId }, 'registration figures: the join was not recorded');
  }
}
