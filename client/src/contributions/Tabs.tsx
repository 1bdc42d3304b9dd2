/**
 * The tabs of a person's page: the live event, the contributions board and, for moderators,
 * the outcome document. WAI-ARIA tabs: arrow keys move between them, one tab stop.
 */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
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
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (step) {
                e.preventDefault();
                select(tabs[(i + step + tabs.length) % tabs.length]!);
              } else if (e.key === 'Home' || e.key === 'End') {
                e.preventDefault();
                select(tabs[e.key === 'Home' ? 0 : tabs.length - 1]!);
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
