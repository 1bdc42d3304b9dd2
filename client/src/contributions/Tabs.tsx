/**
 * The tabs of a person's page: the live event, the contributions board and, for moderators,
 * the outcome document. WAI-ARIA tabs: arrow keys move between them, one tab stop.
 */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { tabMovedTo } from '../tabKeys.ts';
import { activeTab, contributions, type Tab } from './state.ts';

const LABELS: Record<Tab, () => string> = {
  live: () => t('tabs.live'),
  contributions: () => t('tabs.contributions'),
  outcome: () => t('tabs.outcome'),
};

export function TabBar({ tabs }: { tabs: readonly Tab[] }) {
  const list = useRef<HTMLDivElement>(null);
  const visible = contributions.value.filter((c) => c.hidden === null && c.mergedInto === null).length;
  const select = (tab: Tab) => {
    activeTab.value = tab;
    list.current?.querySelector<HTMLButtonElement>(`#tab-${tab}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={t('tabs.label')} ref={list}>
      {tabs.map((tab, i) => {
        const selected = activeTab.value === tab;
        return (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            class="tabs__tab"
            aria-selected={selected}
            aria-controls={`panel-${tab}`}
            tabIndex={selected ? 0 : -1}
            onClick={() => (activeTab.value = tab)}
            onKeyDown={(e) => {
              const to = tabMovedTo(e.key, tabs, i);
              if (to !== null) {
                e.preventDefault();
                select(to);
              }
            }}
          >
            {LABELS[tab]()}
            {tab === 'contributions' && visible > 0 && <span class="count">{visible}</span>}
          </button>
        );
      })}
    </div>
  );
}

/** One tab's content; the others are not rendered (their state lives in the store, not in the DOM). */
export function TabPanel({ tab, children }: { tab: Tab; children: ComponentChildren }) {
  if (activeTab.value !== tab) return null;
  return (
    <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tabs__panel">
      {children}
    </div>
  );
}
