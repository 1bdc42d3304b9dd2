/** Who has the floor, with their clock; or who is next when nobody speaks. */
import type { ComponentChildren } from 'preact';
import type { Turn } from '../../../shared/state.ts';
import { t } from '../i18n/index.ts';
import { currentSegment, floor, nextOnPanel, queue, self, status } from '../store.ts';
import { PersonLine } from './PersonLine.tsx';
import { SpeakerTimer } from './SpeakerTimer.tsx';
import { UserText } from './UserText.tsx';

export function turnKindLabel(turn: Pick<Turn, 'kind'>): string | null {
  switch (turn.kind) {
    case 'pointOfOrder':
      return t('floor.kind.pointOfOrder');
    case 'panel':
      return t('floor.kind.panel');
    case 'invited':
      return t('floor.kind.invited');
    case 'hand':
      return null;
  }
}

export function NowSpeaking({ children }: { children?: ComponentChildren }) {
  const turn = floor.value?.current ?? null;
  const segment = currentSegment.value;
  // In a panel the panel order calls the next speaker (P5), as the console's primary action does.
  const next = nextOnPanel.value?.name ?? queue.value?.hands[0]?.person.name;
  const me = self.value;
  return (
    <section class="card now" aria-labelledby="now-heading">
      <div class="card__head">
        <h2 id="now-heading">{t('floor.heading')}</h2>
        {segment && status.value === 'live' && (
          <span class="muted">
            <UserText>{segment.title}</UserText>
          </span>
        )}
      </div>
      {turn ? (
        <div class="now__speaker" data-testid="now-speaking">
          <div class="now__who">
            <PersonLine person={turn.person} you={turn.person.id === me?.id} />
            {turnKindLabel(turn) && <span class="badge">{turnKindLabel(turn)}</span>}
            {turn.topic && (
              <p class="now__topic">
                “<UserText>{turn.topic}</UserText>”
              </p>
            )}
          </div>
          <SpeakerTimer turn={turn} size="large" />
        </div>
      ) : (
        <p class="now__empty" data-testid="now-speaking">
          {t('floor.nobody')}
          {next && <span class="muted"> {t('floor.nextUp', { name: next })}</span>}
        </p>
      )}
      {children}
    </section>
  );
}
