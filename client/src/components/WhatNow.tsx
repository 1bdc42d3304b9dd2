/**
 * After the end, what happens now (E6), in its own chunk (only an ended event downloads it): the
 * outcome document, linked as soon as a moderator publishes its public version (O8) — the state
 * carries `outcome.public` live — and the board, which stays open.
 */
import { eventPath } from '../api.ts';
import { t } from '../i18n/index.ts';
import { eventState, session } from '../store.ts';

export function WhatNow() {
  const published = eventState.value?.outcome.public === true;
  const eventId = session.value?.eventId;
  return (
    <>
      <p>{t('status.whatNow')}</p>
      {published && eventId ? (
        <p>
          <a class="button" href={`${eventPath(eventId)}/outcome.html?version=public`} target="_blank" rel="noopener noreferrer" data-testid="outcome-link">
            {t('status.outcomeLink')}
          </a>
        </p>
      ) : (
        <p class="muted" data-testid="outcome-pending">
          {t('status.outcomePending')}
        </p>
      )}
      <p class="muted">{t('status.boardOpen')}</p>
    </>
  );
}
