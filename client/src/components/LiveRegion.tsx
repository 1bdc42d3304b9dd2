/** The two aria-live regions every view has: polite (queue position) and assertive ("you have the floor"). */
import { assertiveAnnouncement, politeAnnouncement } from '../alerts.ts';

export function LiveRegion() {
  return (
    <>
      <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {politeAnnouncement.value}
      </div>
      <div class="sr-only" role="alert" aria-live="assertive" aria-atomic="true" data-testid="live-assertive">
        {assertiveAnnouncement.value}
      </div>
    </>
  );
}
