/**
 * The snapshot's wire form. A join snapshot carries up to hundreds of hands, the chat
 * window and the turn history: arrays of same-shaped objects whose keys would repeat in
 * every row. On the wire those arrays are tables (the keys once, then one row of values per
 * item), which keeps a full snapshot of a large event well within its size budget.
 */
import { z } from 'zod';
import { type EventState, EventStateSchema } from './state.ts';
import { type PackedState, unpackState } from './table.ts';

export { fromTable, type PackedState, packState, type Table, toTable, unpackState } from './table.ts';

export const TableSchema = z.object({ cols: z.array(z.string().max(64)).max(64), rows: z.array(z.array(z.unknown())) });

export const PackedStateSchema = EventStateSchema.extend({
  queue: EventStateSchema.shape.queue.extend({ hands: TableSchema }),
  floor: EventStateSchema.shape.floor.extend({ history: TableSchema }),
  chat: EventStateSchema.shape.chat.extend({ messages: TableSchema }),
});
// The schema and the plain type (table.ts, which the browser imports without zod) say the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const packedStateMatchesItsSchema: Same<z.infer<typeof PackedStateSchema>, PackedState> = true;
void packedStateMatchesItsSchema;

/** The state a packed snapshot stands for, validated: a snapshot is input like any other. */
export function readPackedState(packed: PackedState): EventState {
  return EventStateSchema.parse(unpackState(packed));
}
