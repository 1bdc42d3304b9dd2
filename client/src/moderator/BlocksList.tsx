/**
 * S45: the networks removals blocked, named by the person removed (never the address), each
 * with "Unblock". Moderators only; fetched when opened and again when this console blocks or
 * unblocks. A row unblocked here stays, saying so, with the focus on it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Block } from '../../../shared/api.ts';
import { UserText, withNames } from '../components/UserText.tsx';
import { formatTimeOfDay } from '../format.ts';
import { t } from '../i18n/index.ts';
import { locale } from '../store.ts';
import { fetchBlocks } from './api.ts';
import { blocksChanged, unblock } from './blocks.ts';
import { ts } from './messages.ts';
import { useLatestFetch } from './useLatestFetch.ts';

function BlockRow({ block, lifted, onLift }: { block: Block; lifted: boolean; onLift: () => void }) {
  const liftedNote = useRef<HTMLParagraphElement>(null);
  const wasLifted = useRef(lifted);
  useLayoutEffect(() => {
    // The button is gone with the block: the focus goes to what replaced it.
    if (lifted && !wasLifted.current) liftedNote.current?.focus();
    wasLifted.current = lifted;
  }, [lifted]);
  return (
    <li class="blocks__person" data-person={block.personId}>
      <div>
        <strong>
          <UserText>{block.name}</UserText>
        </strong>{' '}
        <span class="muted small">{ts('blocks.removedAt', { time: formatTimeOfDay(block.at, locale.value) })}</span>
        {block.reason && <div class="small">{withNames(ts('blocks.reason'), { reason: block.reason })}</div>}
      </div>
      {lifted ? (
        <p class="notice small" role="status" tabIndex={-1} ref={liftedNote}>
          {ts('blocks.lifted')}
        </p>
      ) : (
        <button type="button" class="chip-button" aria-label={ts('blocks.unblockOf', { name: block.name })} onClick={onLift}>
          {ts('blocks.unblock')}
        </button>
      )}
    </li>
  );
}

export function BlocksList() {
  const [open, setOpen] = useState(false);
  const fetched = useLatestFetch(fetchBlocks, () => ts('blocks.loadFailed'));
  const blocks = fetched.value?.blocks ?? null;
  /** Lifted in this console: kept on screen after the server stops listing them. */
  const [lifted, setLifted] = useState<Block[]>([]);
  const changed = blocksChanged.value;

  useEffect(() => {
    if (open) fetched.reload();
  }, [open, changed]);

  const listed = blocks ?? [];
  const isLifted = (b: Block) => lifted.some((l) => l.personId === b.personId);
  const rows = [...listed, ...lifted.filter((l) => !listed.some((b) => b.personId === l.personId))].sort((a, b) => b.at - a.at);
  return (
    <section class="card blocks" aria-labelledby="blocks-heading" data-testid="blocks">
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2 id="blocks-heading" class="inline-heading">
            {ts('blocks.heading')}
          </h2>
        </summary>
        <p class="muted small">{ts('blocks.hint')}</p>
        {blocks === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : rows.length === 0 ? (
          <p class="muted">{ts('blocks.none')}</p>
        ) : (
          <ul class="blocks__list">
            {rows.map((block) => (
              <BlockRow
                key={block.personId}
                block={block}
                lifted={isLifted(block)}
                onLift={() =>
                  void unblock(block).then((done) => {
                    if (done) setLifted((all) => [...all.filter((l) => l.personId !== block.personId), block]);
                  })
                }
              />
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
