/**
 * What the moderator's console puts first (issue 15.5): the work of the current segment above
 * the fold at 1440×900, and the rest a click away in the side tabs, whose choice this device
 * remembers.
 */
import { computed, signal } from '@preact/signals';
import { proposalOnScreen } from '../contributions/state.ts';
import { readStored, writeStored } from '../storage.ts';
import { agenda, currentSegment, status } from '../store.ts';

/** What the current segment is for: a panel's turns and questions, agreeing on a way forward, a plenary's queue. */
export type SegmentFocus = 'panel' | 'wayForward' | 'plenary' | 'other';

/**
 * A panel is about its turns (a vote during it comes right after them). Elsewhere a proposal
 * on screen is the thing at hand; and the last plenary of an agenda with more than one is where
 * a way forward is agreed (the seed's "Agreeing on a Way Forward"): the proposals are prepared
 * and voted there.
 */
export const segmentFocus = computed<SegmentFocus>(() => {
  const segment = currentSegment.value;
  const a = agenda.value;
  const live = status.value === 'live';
  if (live && segment?.kind === 'panel') return 'panel';
  if (proposalOnScreen.value) return 'wayForward';
  if (!segment || !a || !live) return 'other';
  if (segment.kind !== 'plenary') return 'other';
  const plenaries = a.segments.filter((s) => s.kind === 'plenary');
  return plenaries.length > 1 && plenaries.at(-1) === segment ? 'wayForward' : 'plenary';
});

export const SIDE_TABS = ['chat', 'notes', 'people'] as const;
export type SideTab = (typeof SIDE_TABS)[number];

const SIDE_TAB_KEY = 'gavel:consoleTab';

function storedSideTab(): SideTab {
  const stored = readStored(SIDE_TAB_KEY);
  return SIDE_TABS.find((tab) => tab === stored) ?? 'chat';
}

/** The side tab open on this device: a reload or a later event opens the same one. */
export const sideTab = signal<SideTab>(storedSideTab());

export function openSideTab(tab: SideTab): void {
  sideTab.value = tab;
  writeStored(SIDE_TAB_KEY, tab);
}
