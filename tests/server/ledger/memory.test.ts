import { MemoryLedger } from '../../../server/ledger/memory.ts';
import { runLedgerContract } from './contract.ts';

runLedgerContract(
  'memory',
  async () => {
    const ledger = new MemoryLedger();
    return { ledger, cleanup: () => ledger.close() };
  },
  {
    makeLedgerWithClock: async (now) => {
      const ledger = new MemoryLedger({ now });
      return { ledger, cleanup: () => ledger.close() };
    },
    volatile: true,
  },
);
