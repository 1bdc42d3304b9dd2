/** WAI-ARIA tabs (the page's tabs and the console's side tabs): which tab a key moves to. */
import { describe, expect, it } from 'vitest';
import { tabMovedTo } from '../../client/src/tabKeys.ts';

const TABS = ['live', 'contributions', 'outcome'] as const;

describe('tabMovedTo', () => {
  it('arrows move one tab and wrap round; Home and End go to the ends; other keys are left to the browser', () => {
    expect(tabMovedTo('ArrowRight', TABS, 0)).toBe('contributions');
    expect(tabMovedTo('ArrowRight', TABS, 2)).toBe('live');
    expect(tabMovedTo('ArrowLeft', TABS, 0)).toBe('outcome');
    expect(tabMovedTo('ArrowLeft', TABS, 1)).toBe('live');
    expect(tabMovedTo('Home', TABS, 2)).toBe('live');
    expect(tabMovedTo('End', TABS, 0)).toBe('outcome');
    for (const key of ['Tab', 'Enter', ' ', 'ArrowDown', 'a']) expect(tabMovedTo(key, TABS, 1)).toBeNull();
  });
});
