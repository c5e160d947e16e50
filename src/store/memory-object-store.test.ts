import { objectStoreContract } from './object-store.contract.ts';
import { createMemoryObjectStore } from './memory-object-store.ts';

objectStoreContract('memory', async (t) => {
  const store = createMemoryObjectStore();
  t.after(() => store.close());
  return store;
});
