// The bucket policy, Block Public Access and Object Ownership settings both stores keep with a bucket:
// a new bucket's (none configured) and how an update changes them (undefined keeps, null removes).

import type { BucketAccessSettings } from './object-store.ts';

export const NO_ACCESS_SETTINGS: BucketAccessSettings = {
  policy: null,
  publicAccessBlock: null,
  ownershipControls: null,
};

export function changeAccessSettings(
  current: BucketAccessSettings,
  changes: Partial<BucketAccessSettings>,
): BucketAccessSettings {
  return {
    policy: changes.policy !== undefined ? changes.policy : current.policy,
    publicAccessBlock:
      changes.publicAccessBlock !== undefined
        ? changes.publicAccessBlock && { ...changes.publicAccessBlock }
        : current.publicAccessBlock,
    ownershipControls:
      changes.ownershipControls !== undefined ? changes.ownershipControls : current.ownershipControls,
  };
}
