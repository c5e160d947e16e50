// The ObjectStore contract suite: every behaviour the S3 API relies on, run against each implementation
// (memory-object-store.test.ts, file-object-store.test.ts) so the two cannot drift apart. Each section
// lives in its own object-store-*.contract.ts file; this one runs them in order under one describe.

import { describe } from 'node:test';
import { bucketsContract } from './object-store-buckets.contract.ts';
import { objectsContract } from './object-store-objects.contract.ts';
import { conditionalWritesContract } from './object-store-conditional-writes.contract.ts';
import { listingContract } from './object-store-listing.contract.ts';
import { copyContract } from './object-store-copy.contract.ts';
import { multipartContract } from './object-store-multipart.contract.ts';
import type { CreateStore } from './object-store-contract-support.ts';

export type { CreateStore } from './object-store-contract-support.ts';

export function objectStoreContract(name: string, create: CreateStore): void {
  describe(`${name} ObjectStore contract`, () => {
    bucketsContract(create);
    objectsContract(create);
    conditionalWritesContract(create);
    listingContract(create);
    copyContract(create);
    multipartContract(create);
  });
}
