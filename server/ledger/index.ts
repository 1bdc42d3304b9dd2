/** Pick and open the ledger backend the configuration asks for. */
import { FileLedger } from './file.ts';
import { MemoryLedger } from './memory.ts';
import type { Ledger } from './types.ts';

export type LedgerConfig =
  | { kind: 'memory'; now?: () => number }
  | { kind: 'file'; dataDir: string; now?: () => number; onWarning?: (message: string) => void };
// The Redis Stream backend adds its variant here, e.g. `| { kind: 'redis'; url: string; … }`,
// and its case in `openLedger`; the exhaustiveness check below points at the missing case.

export async function openLedger(config: LedgerConfig): Promise<Ledger> {
  switch (config.kind) {
    case 'memory':
      return new MemoryLedger({ now: config.now });
    case 'file':
      return FileLedger.open(config);
    default: {
      const unknown: never = config;
      throw new Error(`unknown ledger kind ${JSON.stringify(unknown)}`);
    }
  }
}

export { FileLedger, MemoryLedger };
export type { EntryDraft, Ledger, Unsubscribe } from './types.ts';
