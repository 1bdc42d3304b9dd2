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
  /**
   * The browser's modal dialog lets Tab leave the page for its own toolbar past the last control;
   * Tab wraps round inside instead, so a keyboard user never loses the dialog (WD32).
   */
  const wrapTab = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const controls = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    const edge = e.shiftKey ? first : last;
    if (document.activeElement !== edge) return;
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={labelledBy} aria-describedby={describedBy} onClose={onClose} onKeyDown={wrapTab}>
      {children}
    </dialog>
  );
}
