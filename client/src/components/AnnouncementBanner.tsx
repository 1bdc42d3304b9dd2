/**
 * The announcement to everyone (AN1): a banner on every screen until a moderator clears it. Its
 * text is the moderator's, shown as text (never HTML) inside `<bdi>`. The status region stays in
 * the page while empty, so that screen readers read a new announcement out when it arrives.
 */
import { t } from '../i18n/index.ts';
import { eventState } from '../store.ts';
import { UserText } from './UserText.tsx';

export function AnnouncementBanner({ place = 'page' }: { place?: 'page' | 'stage' }) {
  const announcement = eventState.value?.announcement ?? null;
  return (
    <div class={`announcement-slot announcement-slot--${place}`} role="status" aria-live="polite" aria-atomic="true">
      {announcement && (
        <p class="announcement" data-testid="announcement">
          <span class="announcement__label">
            <span aria-hidden="true">📣</span> {t('announce.label')}
          </span>{' '}
          <span class="announcement__text">
            <UserText>{announcement.text}</UserText>
          </span>
        </p>
      )}
    </div>
  );
}
