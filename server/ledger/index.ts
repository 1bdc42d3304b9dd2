/** Pick and open the ledger backend the configuration asks for. */
import { FileLedger, type FileLedgerOptions } from './file.ts';
import { MemoryLedger } from './memory.ts';
import { RedisLedger, type RedisLedgerOptions } from './redis.ts';
import type { Ledger } from './types.ts';

export type LedgerConfig = { kind: 'memory'; now?: () => number } | ({ kind: 'file' } & FileLedgerOptions) | ({ kind: 'redis' } & RedisLedgerOptions);

export async function openLedger(config: LedgerConfig): Promise<Ledger> {
  switch (config.kind) {
    case 'memory':
      return new MemoryLedger({ now: config.now });
    case 'file':
      return FileLedger.open(config);
    case 'redis':
      return RedisLedger.open(config);
    default: {
      const unknown: never = config;
      throw new Error(`unknown ledger kind ${JSON.stringify(unknown)}`);
    }
  }
}

export type { EntryDraft, Ledger, Unsubscribe } from './types.ts';
export { FileLedger, MemoryLedger, RedisLedger };
