/**
 * The console's side column (issue 15.5): chat, notes and people, one open at a time. WAI-ARIA
 * tabs (arrow keys, Home, End; one tab stop). Closed tabs stay mounted and hidden, so a draft
 * message or note survives a look at another tab.
 */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { moderation } from '../store.ts';
import { tabMovedTo } from '../tabKeys.ts';
import { openSideTab, SIDE_TABS, type SideTab, sideTab } from './consoleLayout.ts';
import { ts } from './messages.ts';

const LABELS: Record<SideTab, () => string> = {
  chat: () => ts('console.tab.chat'),
  notes: () => ts('console.tab.notes'),
  people: () => ts('console.tab.people'),
};

export function ConsoleSideTabs({ panels }: { panels: Record<SideTab, ComponentChildren> }) {
  const list = useRef<HTMLDivElement>(null);
  const flagged = moderation.value?.flagged ?? 0;
  const select = (tab: SideTab) => {
    openSideTab(tab);
    list.current?.querySelector<HTMLButtonElement>(`#console-tab-${tab}`)?.focus();
  };
  return (
    <div class="console__side">
      <div class="tabs tabs--side" role="tablist" aria-label={ts('console.tabs')} ref={list}>
        {SIDE_TABS.map((tab, i) => {
          const selected = sideTab.value === tab;
          return (
            <button
              key={tab}
              type="button"
              role="tab"
              id={`console-tab-${tab}`}
              class="tabs__tab"
              aria-selected={selected}
              aria-controls={`console-panel-${tab}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => openSideTab(tab)}
              onKeyDown={(e) => {
                const to = tabMovedTo(e.key, SIDE_TABS, i);
                if (to !== null) {
                  e.preventDefault();
                  select(to);
                }
              }}
            >
              {LABELS[tab]()}
              {tab === 'people' && flagged > 0 && <span class="count">{flagged}</span>}
            </button>
          );
        })}
      </div>
      {SIDE_TABS.map((tab) => (
        <div
          key={tab}
          role="tabpanel"
          id={`console-panel-${tab}`}
          aria-labelledby={`console-tab-${tab}`}
          class="console__side-panel"
          hidden={sideTab.value !== tab}
        >
          {panels[tab]}
        </div>
      ))}
    </div>
  );
}
