/** React with applause, heart, +1 or laugh; every screen shows the bursts. */
import { canSend } from '../../../shared/permissions.ts';
import { sendReaction } from '../connection.ts';
import { t } from '../i18n/index.ts';
import { bursts, emojiOf, REACTIONS } from '../reactions.ts';
import { connection, role } from '../store.ts';

/** Matches the server's limit, so clicks past it are not even sent. */
const PER_SECOND = 5;
let sentAt: number[] = [];

function react(kind: (typeof REACTIONS)[number]['kind']): void {
  const now = Date.now();
  sentAt = sentAt.filter((at) => now - at < 1000);
  if (sentAt.length >= PER_SECOND) return;
  sentAt.push(now);
  sendReaction(kind);
}

export function ReactionBar() {
  const r = role.value;
  // Reactions are for people; the stage display only watches (the same rule as chat).
  if (!r || !canSend(r, 'chat.send')) return null;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of buttons, not a form's fieldset
    <div class="reactions" role="group" aria-label={t('reaction.group')}>
      {REACTIONS.map((reaction) => (
        <button
          key={reaction.kind}
          type="button"
          class="reaction"
          aria-label={t(reaction.label)}
          title={t(reaction.label)}
          disabled={connection.value !== 'online'}
          onClick={() => react(reaction.kind)}
        >
          <span aria-hidden="true">{reaction.emoji}</span>
        </button>
      ))}
    </div>
  );
}

export function ReactionBursts() {
  const list = bursts.value;
  if (list.length === 0) return null;
  return (
    <div class="bursts" aria-hidden="true">
      {list.map((b) => (
        <span key={b.id} class="burst" style={{ insetInlineStart: `${b.left}%`, animationDelay: `${b.delay}ms` }}>
          {emojiOf(b.kind)}
        </span>
      ))}
    </div>
  );
}
