/**
 * "You have the floor", wherever the person is in the page (issue 16): a modal dialog over any
 * tab or scroll position. "Start speaking" takes them to their turn card; "I'm not ready" ends
 * the turn the way "Yield the floor" does; Escape only dismisses it.
 */
import { floorCall } from '../alerts.ts';
import { sendCommand } from '../connection.ts';
import { activeTab } from '../contributions/state.ts';
import { t } from '../i18n/index.ts';
import { Dialog } from './Dialog.tsx';

function dismiss(): void {
  floorCall.value = null;
}

function startSpeaking(): void {
  activeTab.value = 'live';
  dismiss();
  // After the dialog has closed and handed focus back: the turn card, now rendered, takes it.
  setTimeout(() => {
    const heading = document.getElementById('my-turn-heading');
    heading?.scrollIntoView({ block: 'center' });
    heading?.focus();
  });
}

function notReady(): void {
  dismiss();
  void sendCommand({ type: 'floor.end', payload: {} });
}

/** Loaded in a chunk of its own when the floor is first given (`FloorDialog` in ParticipantView): most participants never see it. */
export function FloorCall() {
  return (
    <Dialog labelledBy="floor-call-heading" describedBy="floor-call-body" onClose={dismiss}>
      <div class="floor-call" data-testid="floor-call">
        <h2 id="floor-call-heading" class="floor-call__heading">
          <span aria-hidden="true">🎙</span> {t('floor.youHaveTheFloor')}
        </h2>
        <p id="floor-call-body">{t('floor.callBody')}</p>
        <div class="dialog__actions floor-call__actions">
          <button type="button" class="button button--primary button--big" onClick={startSpeaking}>
            {t('floor.startSpeaking')}
          </button>
          <button type="button" class="button button--secondary" onClick={notReady}>
            {t('floor.notReady')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
