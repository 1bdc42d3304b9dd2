/** The console's card for what a moderator tells everyone: the announcement banner (AN1, AN2). */
import { useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/constants.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { eventState } from '../store.ts';
import { ts } from './messages.ts';

export function AnnouncementEditor() {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const current = eventState.value?.announcement ?? null;
  const post = async () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    const ack = await sendCommand({ type: 'announcement.set', payload: { text: body } });
    setBusy(false);
    if (ack.ok) setText('');
  };
  return (
    <section class="card announce-editor" aria-labelledby="announce-heading">
      <h2 id="announce-heading">{ts('announce.heading')}</h2>
      {current ? (
        <div class="announce-editor__current">
          <p>
            <span class="muted">{ts('announce.current')}</span>{' '}
            <strong data-testid="announcement-current">
              <UserText>{current.text}</UserText>
            </strong>
          </p>
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => {
              void sendCommand({ type: 'announcement.clear', payload: {} });
              // This button leaves with the announcement: the keyboard goes to the field for the next one.
              field.current?.focus();
            }}
          >
            {ts('announce.clear')}
          </button>
        </div>
      ) : (
        <p class="muted small">{ts('announce.none')}</p>
      )}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void post();
        }}
      >
        <label class="field">
          <span>{ts('announce.inputLabel')}</span>
          <textarea
            ref={field}
            rows={2}
            required
            maxLength={LIMITS.announcement}
            value={text}
            aria-describedby="announce-hint"
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                void post();
              }
            }}
          />
        </label>
        <button type="submit" class="button button--primary" disabled={busy}>
          {current ? ts('announce.replace') : ts('announce.post')}
        </button>
      </form>
      <p class="muted small" id="announce-hint">
        {ts('announce.hint', { max: LIMITS.announcement })}
      </p>
    </section>
  );
}
