/**
 * A consequential action in two steps, in place: the button, then what will happen with
 * "Yes, …" and "Cancel". Focus moves to Cancel (a second Enter does nothing harmful) and back
 * to the button when cancelled.
 */
import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

interface Props {
  /** The first button's text. */
  children: ComponentChildren;
  /** Its accessible name, when the text alone is ambiguous (one such button per row). */
  label?: string;
  class?: string;
  disabled?: boolean;
  /** What will happen, read out when the question appears. */
  warning?: string;
  confirmLabel: string;
  onConfirm: () => void;
}

export function ConfirmAction({ children, label, class: className = 'button', disabled = false, warning, confirmLabel, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  const warningId = useId();

  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (asking ? cancel : trigger).current?.focus();
  }, [asking]);

  const ask = (next: boolean) => {
    moved.current = true;
    setAsking(next);
  };

  if (!asking) {
    return (
      <button ref={trigger} type="button" class={className} aria-label={label} disabled={disabled} onClick={() => ask(true)}>
        {children}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline question and its two buttons, not a form's fieldset
    <div class="confirm" role="group" aria-labelledby={warning ? warningId : undefined} aria-label={warning ? undefined : confirmLabel}>
      {warning && (
        <p class="confirm__warning" id={warningId}>
          {warning}
        </p>
      )}
      <div class="button-row">
        <button
          type="button"
          class="button button--danger"
          onClick={() => {
            ask(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button ref={cancel} type="button" class="button" onClick={() => ask(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </div>
  );
}
