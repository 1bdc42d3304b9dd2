/**
 * The board and the capture panel load on first use, in their own chunk: most participants
 * open the live view, and its scripts stay within the page-weight budget.
 */
import { lazy } from '../lazy.tsx';
import { canTakeNotes } from './state.ts';

export const ContributionsBoard = lazy(() => import('./ContributionsBoard.tsx').then((m) => m.ContributionsBoard));

const LazyCapturePanel = lazy(() => import('./CapturePanel.tsx').then((m) => m.CapturePanel));

/** Only moderators and note-takers ever download the capture panel. */
export function CapturePanel() {
  return canTakeNotes.value ? <LazyCapturePanel /> : null;
}
