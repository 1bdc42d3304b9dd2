/**
 * Removing someone from the event (S5), from their queue row or their chat message: a dialog
 * names the person, says what will happen, takes an optional reason they will be shown, and
 * only then sends `people.remove`. The removal blocks their network (S44): the toast says so
 * and offers to undo the block (S45).
 */
import { signal } from '@preact/signals';
import { useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/constants.ts';
import { FORMER_PARTICIPANT } from '../../../shared/reducer/people.ts';
import type { PersonRef } from '../../../shared/state.ts';
import { Dialog, type ReturnFocus } from '../components/Dialog.tsx';
import { sendCommand } from '../connection.ts';
import { refusalText, t } from '../i18n/index.ts';
import { roster, self, showToast } from '../store.ts';
import { removalBlocked, unblock } from './blocks.ts';
import { ts } from './messages.ts';

/** The person the dialog asks about; null when it is closed. */
const removing = signal<Pick<PersonRef, 'id' | 'name'> | null>(null);

/** Moderators cannot be removed (their link is revoked instead), nor can someone whose registration is already deleted; nor oneself. */
function removable(person: PersonRef): boolean {
  if (person.name === FORMER_PARTICIPANT && !person.community) return false;
  return person.id !== self.value?.id && !roster.value.some((p) => p.id === person.id && p.role === 'moderator');
}

/** The button that opens the dialog for `person`; nothing for people who cannot be removed. */
export function RemovePersonButton({ person, class: className = 'chip-button' }: { person: PersonRef; class?: string }) {
  if (!removable(person)) return null;
  return (
    <button
      type="button"
      class={className}
      aria-haspopup="dialog"
      aria-label={ts('remove.open', { name: person.name })}
      onClick={() => (removing.value = { id: person.id, name: person.name })}
    >
      {ts('remove.button')}
    </button>
  );
}

/** The removal's toast: with "Undo block" when it blocked their network (not when they registered from the node's own machine, or were invited). */
async function announceRemoval(person: Pick<PersonRef, 'id' | 'name'>, purge: boolean): Promise<void> {
  const title = ts(purge ? 'remove.donePurge' : 'remove.done', { name: person.name });
  if (!(await removalBlocked(person.id))) return showToast({ tone: 'info', title });
  const action = { label: ts('remove.undoBlock'), run: () => void unblock({ personId: person.id, name: person.name }) };
  // Long enough to read, think and reach the button.
  showToast({ tone: 'info', title, detail: ts('remove.blocked'), action }, 20_000);
}

function RemoveDialog({ person }: { person: Pick<PersonRef, 'id' | 'name'> }) {
  const [reason, setReason] = useState('');
  // Off by default: deleting what someone posted cannot be undone (S50).
  const [purge, setPurge] = useState(false);
  const [busy, setBusy] = useState(false);
  // The page behind a modal dialog is inert: a refusal is shown here too, not only as a toast.
  const [refusal, setRefusal] = useState<string | null>(null);
  // Once removed, their row and messages' buttons go: focus goes to the section's first control instead.
  const returnFocus = useRef<ReturnFocus>('opener');
  const close = () => (removing.value = null);
  return (
    <Dialog labelledBy="remove-heading" onClose={close} returnFocus={returnFocus}>
      <form
        class="dialog__form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const payload = { personId: person.id, reason: reason.trim(), ...(purge && { purge }) };
          const ack = await sendCommand({ type: 'people.remove', payload });
          setBusy(false);
          if (!ack.ok) return setRefusal(refusalText(ack.error));
          returnFocus.current = 'section';
          close();
          void announceRemoval(person, purge);
        }}
      >
        <h2 id="remove-heading">{ts('remove.heading', { name: person.name })}</h2>
        <p>{ts('remove.explain')}</p>
        <label class="field">
          <span>
            {ts('remove.reason')} <span class="muted">{t('register.optional')}</span>
          </span>
          <input type="text" autofocus maxLength={LIMITS.reason} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={purge} onChange={(e) => setPurge(e.currentTarget.checked)} />
          <span>{ts('remove.purge')}</span>
        </label>
        {refusal && (
          <p class="form-error" role="alert">
            {refusal}
          </p>
        )}
        <div class="dialog__actions">
          <button type="submit" class="button button--danger" disabled={busy}>
            {ts(purge ? 'remove.confirmPurge' : 'remove.confirm', { name: person.name })}
          </button>
          <button type="button" class="button" onClick={close}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Mounted once in the console. */
export function RemovePersonDialog() {
  const person = removing.value;
  return person ? <RemoveDialog key={person.id} person={person} /> : null;
}
