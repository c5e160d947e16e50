// The resources the CloudFront control API holds, in the API's JSON shapes, as the edge takes them into a
// snapshot next to the config file's own (src/control owns them; the composition root passes them in).

import type { OriginAccessControlEntry } from '../distribution/compile-distribution.ts';

export type EdgeApiResources = {
  /** `config` is a bare `DistributionConfig`; `etag` is the API's ETag for it (what `Deployed` refers to). */
  readonly distributions: readonly { readonly id: string; readonly etag: string; readonly config: unknown }[];
  readonly publicKeys: readonly { readonly id: string; readonly encodedKey: string }[];
  /** `{ Id, KeyGroupConfig }` */
  readonly keyGroups: readonly unknown[];
  /** `{ Id, CachePolicyConfig }` and the like. */
  readonly cachePolicies: readonly unknown[];
  readonly originRequestPolicies: readonly unknown[];
  readonly responseHeadersPolicies: readonly unknown[];
  readonly originAccessControls: readonly OriginAccessControlEntry[];
};
