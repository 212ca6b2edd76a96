import { MemoryAdapter } from '../../../src/server/adapter/memory-adapter.js';
import { runAdapterContract } from './adapter-contract.js';

runAdapterContract('MemoryAdapter', (nsp) => new MemoryAdapter(nsp), {
  skip: { cluster: 'an adapter of one process: there is no other server to reach' },
});
