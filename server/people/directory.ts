/**
 * Personal data as consent allows (S10). The registration's `consentToBeNamed` decides who
 * appears by name outside the live event: in the directory here, and in exports and the
 * outcome document elsewhere. Inside the live event, the name travels with a person's own
 * hands, turns and chat, as they chose to act in front of everyone.
 */
import type { DirectoryView } from '../../shared/api.ts';
import type { Credential, DirectoryPage } from '../auth/types.ts';

/** How a person who did not consent is listed. */
export const UNNAMED = 'Participant';

/**
 * Moderators see every registration in full (they run the event and act on people); anyone
 * else sees those who consented in full, themselves in full, and others as "Participant"
 * with their region only, which the balanced queue already shows in aggregate.
 */
export function directoryFor(viewer: Credential, page: DirectoryPage): DirectoryView {
  return {
    total: page.total,
    people: page.people.map(({ personId, role, profile }) => {
      const named = profile.consentToBeNamed;
      if (named || viewer.role === 'moderator' || personId === viewer.personId) {
        const { name, community, region, country, organisation } = profile;
        return { personId, role, named, name, community, region, country, organisation };
      }
      return { personId: null, role, named, name: UNNAMED, community: '', region: profile.region, country: '', organisation: '' };
    }),
  };
}
