/**
 * S44, S45: the network blocks a removal leaves behind, as the console keeps track of them:
 * whether a removal blocked anything (a person registered from the node's own machine, or
 * invited, leaves no block), and lifting one from the removal's toast or the list.
 */
import { signal } from '@preact/signals';
import { ApiError } from '../api.ts';
import { reportFailure } from '../reportFailure.ts';
import { session, showToast } from '../store.ts';
import { fetchBlocks, liftBlock } from './api.ts';
import { ts } from './messages.ts';

/** Bumped whenever this console blocks or unblocks: an open list fetches itself again. */
export const blocksChanged = signal(0);

/** Whether the removal of `personId` blocked their network; false when that cannot be told. */
export async function removalBlocked(personId: string): Promise<boolean> {
  const s = session.peek();
  if (!s) return false;
  blocksChanged.value++;
  try {
    return (await fetchBlocks(s.eventId, s.token)).blocks.some((b) => b.personId === personId);
  } catch {
    return false;
  }
}

/** Lift the block of `person`'s network; true when it is lifted (or already was). */
export async function unblock(person: { personId: string; name: string }): Promise<boolean> {
  const s = session.peek();
  if (!s) return false;
  try {
    await liftBlock(s.eventId, s.token, person.personId);
  } catch (err) {
    // Lifted meanwhile, from another screen: what the moderator wanted is done.
    if (!(err instanceof ApiError && err.code === 'not_found')) {
      reportFailure(ts('blocks.liftFailed'), err);
      return false;
    }
  }
  blocksChanged.value++;
  showToast({ tone: 'info', title: ts('remove.blockLifted', { name: person.name }) });
  return true;
}
