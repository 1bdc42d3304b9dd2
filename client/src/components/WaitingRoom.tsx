/**
 * S46: the registration waits in the lobby until a moderator or note-taker lets the person in.
 * The page says so calmly, with the event's name, and that it opens the event by itself: the
 * socket stays open and is told the moment they are admitted.
 */
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { fetchPublicEvent } from '../api.ts';
import { t } from '../i18n/index.ts';
import { lobby, publicTitle, session } from '../store.ts';
import { UserText } from './UserText.tsx';

export function WaitingRoom() {
  const heading = useRef<HTMLHeadingElement>(null);
  const eventId = session.value?.eventId;

  useEffect(() => {
    if (!eventId || publicTitle.value) return;
    // No snapshot reaches a waiting page: the title comes from the event's public page.
    fetchPublicEvent(eventId).then(
      (info) => (publicTitle.value = info.title),
      () => {},
    );
  }, [eventId]);

  // The form's button that brought the person here is gone: the focus goes to what the page now says.
  useLayoutEffect(() => heading.current?.focus(), []);

  const admitted = lobby.value === 'admitted';
  return (
    <main class="page page--narrow" id="main" data-view="lobby">
      <h1>
        <UserText>{publicTitle.value ?? 'Gavel'}</UserText>
      </h1>
      <section class="card waiting-room" aria-labelledby="waiting-heading" data-testid="waiting-room">
        <h2 id="waiting-heading" tabIndex={-1} ref={heading}>
          {t('lobby.waitingHeading')}
        </h2>
        <p role="status">
          <strong>{admitted ? t('lobby.admittedNow') : t('lobby.waitingText')}</strong>
        </p>
        {!admitted && <p>{t('lobby.keepOpen')}</p>}
      </section>
    </main>
  );
}
