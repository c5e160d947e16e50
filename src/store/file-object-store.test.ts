import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileObjectStore } from './file-object-store.ts';
import { objectStoreContract } from './object-store.contract.ts';

objectStoreContract('file', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-store-'));
  const store = await createFileObjectStore({ dataDir });
  t.after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return store;
});
