import { MemoryLinkBook } from '../../../server/links/memory.ts';
import { runLinkBookContract } from './contract.ts';

runLinkBookContract('memory', async () => ({ book: new MemoryLinkBook(), cleanup: async () => {} }));
