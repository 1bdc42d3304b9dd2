/**
 * A modal dialog on the browser's own `<dialog>`: the page behind is inert, Tab stays inside,
 * Escape cancels, and focus goes back to what opened it, or to the first control of its section
 * when the dialog's action makes the opener go away (a removed person's queue row).
 */
import type { ComponentChildren, RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex="0"]';

export type ReturnFocus = 'opener' | 'section';

interface Props {
  labelledBy: string;
  /** The id of the sentence a screen reader reads after the dialog's name. */
  describedBy?: string;
  onClose: () => void;
  /** Read when the dialog closes; 'opener' unless set. */
  returnFocus?: RefObject<ReturnFocus>;
  children: ComponentChildren;
}

export function Dialog({ labelledBy, describedBy, onClose, returnFocus, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const section = opener?.closest('section') ?? null;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      const toSection = returnFocus?.current === 'section' || !opener?.isConnected;
      const target = toSection && section?.isConnected ? section.querySelector<HTMLElement>(FOCUSABLE) : opener;
      if (target?.isConnected) target.focus();
    };
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={labelledBy} aria-describedby={describedBy} onClose={onClose}>
      {children}
    </dialog>
  );
}
