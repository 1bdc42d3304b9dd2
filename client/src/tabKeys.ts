/**
 * WAI-ARIA tabs: the tab an arrow key, Home or End moves to from the `i`th of `tabs` (wrapping
 * round), or null for any other key, which the tab leaves to the browser.
 */
export function tabMovedTo<T>(key: string, tabs: readonly T[], i: number): T | null {
  const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  if (step) return tabs[(i + step + tabs.length) % tabs.length]!;
  if (key === 'Home') return tabs[0]!;
  if (key === 'End') return tabs[tabs.length - 1]!;
  return null;
}
