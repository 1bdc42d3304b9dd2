/**
 * The console's card for the call link (CL1): speakers and participants get a "Join the call"
 * button; the stage never receives it (CL2). The node checks the link (https only, bounded);
 * the card checks it first so that a typo is explained here, next to the field.
 */
import { useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/constants.ts';
import { UserText } from '../components/UserText.tsx';
import { sendCommand } from '../connection.ts';
import { safeHref } from '../linkify.ts';
import { eventState } from '../store.ts';
import { ts } from './messages.ts';

/** Is `url` a link the node takes: an https address within the bound? */
function isCallLink(url: string): boolean {
  if (url.length > LIMITS.url) return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function CallLinkEditor() {
  const [url, setUrl] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const current = eventState.value?.callUrl ?? '';
  const save = async (next: string | null) => {
    setBusy(true);
    const ack = await sendCommand({ type: 'event.setCallLink', payload: { url: next } });
    setBusy(false);
    if (ack.ok) setUrl('');
    else if (ack.error.code === 'bad_request') setInvalid(true);
  };
  return (
    <section class="card call-link-editor" aria-labelledby="call-link-heading">
      <h2 id="call-link-heading">{ts('callLink.heading')}</h2>
      {current ? (
        <div class="announce-editor__current">
          <p class="call-link-editor__url">
            <span class="muted">{ts('callLink.current')}</span>{' '}
            <a href={safeHref(current) ?? undefined} target="_blank" rel="noopener noreferrer nofollow" data-testid="call-link-current">
              <UserText>{current}</UserText>
            </a>
          </p>
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => {
              void save(null);
              // This button leaves with the link: the keyboard goes to the field.
              field.current?.focus();
            }}
          >
            {ts('callLink.remove')}
          </button>
        </div>
      ) : (
        <p class="muted small">{ts('callLink.none')}</p>
      )}
      <form
        class="inline-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const next = url.trim();
          if (!isCallLink(next)) return setInvalid(true);
          void save(next);
        }}
      >
        <label class="field">
          <span>{ts('callLink.inputLabel')}</span>
          <input
            ref={field}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder="https://"
            maxLength={LIMITS.url * 2}
            value={url}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'call-link-error call-link-hint' : 'call-link-hint'}
            onInput={(e) => {
              setUrl(e.currentTarget.value);
              setInvalid(false);
            }}
          />
        </label>
        <button type="submit" class="button button--primary" disabled={busy}>
          {ts('callLink.save')}
        </button>
      </form>
      {invalid && (
        <p class="form-error" id="call-link-error" role="alert">
          {ts('callLink.invalid', { max: LIMITS.url })}
        </p>
      )}
      <p class="muted small" id="call-link-hint">
        {ts('callLink.hint')}
      </p>
    </section>
  );
}
