/** The ledger as a moderator's export gives it (X1): what a test reads to check what a node stored. */
import type { Entry } from '../../shared/protocol.ts';

export async function exportedLedger(url: string, eventId: string, moderatorToken: string): Promise<Entry[]> {
  const res = await fetch(`${url}/api/events/${eventId}/export.json`, { headers: { authorization: `Bearer ${moderatorToken}` } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  return ((await res.json()) as { ledger: Entry[] }).ledger;
}
