/**
 * The board and the capture panel load on first use, in their own chunk: most participants
 * open the live view, and its scripts stay within the page-weight budget.
 */
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { t } from '../i18n/index.ts';
import { canTakeNotes } from './state.ts';

function lazy(load: () => Promise<ComponentType>): ComponentType {
  const loaded = signal<ComponentType | null>(null);
  let started = false;
  return function Lazy() {
    if (!started) {
      started = true;
      void load().then((component) => (loaded.value = component));
    }
    const Component = loaded.value;
    return Component ? (
      <Component />
    ) : (
      <p class="loading" role="status">
        <span class="spinner" aria-hidden="true" /> {t('app.loading')}
      </p>
    );
  };
}

export const ContributionsBoard = lazy(() => import('./ContributionsBoard.tsx').then((m) => m.ContributionsBoard));

const LazyCapturePanel = lazy(() => import('./CapturePanel.tsx').then((m) => m.CapturePanel));

/** Only moderators and note-takers ever download the capture panel. */
export function CapturePanel() {
  return canTakeNotes.value ? <LazyCapturePanel /> : null;
}
