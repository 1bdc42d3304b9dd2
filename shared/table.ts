/**
 * Arrays of same-shaped objects as tables: the keys once, then one row of values per item.
 * A snapshot's hands, chat window and turn history travel this way (see wire.ts). No schema
 * library here: the browser bundle imports this to unpack snapshots.
 */
import type { EventState } from './state.ts';

/** Items as a table: the keys once in `cols`, then one row of values per item. */
export interface Table {
  cols: string[];
  rows: unknown[][];
}

/** A state with its long arrays as tables: the snapshot's wire form (`PackedStateSchema` in wire.ts checks it). */
export type PackedState = Omit<EventState, 'queue' | 'floor' | 'chat'> & {
  queue: Omit<EventState['queue'], 'hands'> & { hands: Table };
  floor: Omit<EventState['floor'], 'history'> & { history: Table };
  chat: Omit<EventState['chat'], 'messages'> & { messages: Table };
};

type Row = Record<string, unknown>;
const isNested = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Columns of the items: top-level keys, and `parent.child` for one level of nested objects. */
function columnsOf(items: readonly Row[]): string[] {
  const cols = new Set<string>();
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) {
      if (isNested(value)) for (const child of Object.keys(value)) cols.add(`${key}.${child}`);
      else cols.add(key);
    }
  }
  return [...cols];
}

export function toTable(items: readonly object[]): Table {
  const rows = items as readonly Row[];
  const cols = columnsOf(rows);
  const paths = cols.map((c) => c.split('.'));
  return {
    cols,
    rows: rows.map((item) => paths.map(([key, child]) => (child === undefined ? item[key!] : (item[key!] as Row | undefined)?.[child]))),
  };
}

export function fromTable<T>(table: Table): T[] {
  const paths = table.cols.map((c) => c.split('.'));
  return table.rows.map((row) => {
    const item: Row = {};
    paths.forEach(([key, child], i) => {
      if (row[i] === undefined) return;
      if (child === undefined) item[key!] = row[i];
      else {
        item[key!] ??= {};
        (item[key!] as Row)[child] = row[i];
      }
    });
    return item as T;
  });
}

export function packState(state: EventState): PackedState {
  return {
    ...state,
    queue: { ...state.queue, hands: toTable(state.queue.hands) },
    floor: { ...state.floor, history: toTable(state.floor.history) },
    chat: { ...state.chat, messages: toTable(state.chat.messages) },
  };
}

/** The plain state of a packed snapshot, trusting its shape (`readPackedState` in wire.ts validates it). */
export function unpackState(packed: PackedState): EventState {
  return {
    ...packed,
    queue: { ...packed.queue, hands: fromTable(packed.queue.hands) },
    floor: { ...packed.floor, history: fromTable(packed.floor.history) },
    chat: { ...packed.chat, messages: fromTable(packed.chat.messages) },
  };
}
