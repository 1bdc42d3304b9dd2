/** The packed snapshot: tables on the wire, the same state after unpacking. */
import { describe, expect, it } from 'vitest';
import { syntheticLedger } from '../../bench/core.ts';
import { replay } from '../../shared/reducer/index.ts';
import { emptyState } from '../../shared/state.ts';
import { fromTable, packState, readPackedState, toTable } from '../../shared/wire.ts';

describe('wire form of the snapshot', () => {
  it('W7: a table round-trips items with nested objects and nulls', () => {
    const items = [
      { id: 1, person: { id: 'a', name: 'Ama' }, pausedAt: null, text: '<b>x</b>' },
      { id: 2, person: { id: 'b', name: 'Bo' }, pausedAt: 5, text: '' },
    ];
    const table = toTable(items);
    expect(table.cols).toEqual(['id', 'person.id', 'person.name', 'pausedAt', 'text']);
    expect(fromTable(table)).toEqual(items);
    expect(fromTable(toTable([]))).toEqual([]);
  });

  it('W7: a packed snapshot of a busy event unpacks to the identical state, and is smaller', () => {
    const state = replay(emptyState('diaspora-covid19'), syntheticLedger(3000, 7));
    expect(state.queue.hands.length).toBeGreaterThan(10);
    expect(state.chat.messages).toHaveLength(200);
    const wire = JSON.parse(JSON.stringify(packState(state)));
    expect(readPackedState(wire)).toEqual(state);
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(state).length * 0.8);
  });

  it('W7: a snapshot that does not fit the state schema is refused', () => {
    const wire = JSON.parse(JSON.stringify(packState(emptyState('x'))));
    wire.queue.hands = { cols: ['person.id'], rows: [[42]] };
    expect(() => readPackedState(wire)).toThrow();
  });
});
