import { MemoryAuthStore } from '../../../server/auth/memory.ts';
import { runAuthStoreContract } from './contract.ts';

runAuthStoreContract('memory', async () => new MemoryAuthStore());
