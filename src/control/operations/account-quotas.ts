// Default per-account quotas the API enforces at create time (Amazon CloudFront Developer Guide, "Quotas";
// AWS General Reference, "Amazon CloudFront endpoints and quotas"). File-defined resources count too;
// managed policies do not.

import { CloudFrontError } from '../cloudfront-error.ts';
import type { ControlPlane } from '../control-plane.ts';
import type { ResourceKind } from '../state/control-database.ts';
import { allEntries } from './resource-catalog.ts';

const QUOTAS: Readonly<
  Record<string, { readonly limit: number; readonly code: string; readonly what: string }>
> = {
  distribution: { limit: 200, code: 'TooManyDistributions', what: 'distributions' },
  'origin-access-control': {
    limit: 100,
    code: 'TooManyOriginAccessControls',
    what: 'origin access controls',
  },
  'key-group': { limit: 10, code: 'TooManyKeyGroups', what: 'key groups' },
  'cache-policy': { limit: 20, code: 'TooManyCachePolicies', what: 'cache policies' },
  'origin-request-policy': {
    limit: 20,
    code: 'TooManyOriginRequestPolicies',
    what: 'origin request policies',
  },
  'response-headers-policy': {
    limit: 20,
    code: 'TooManyResponseHeadersPolicies',
    what: 'response headers policies',
  },
};

export function checkAccountQuota(plane: ControlPlane, kind: ResourceKind): void {
  const quota = QUOTAS[kind];
  if (quota !== undefined && allEntries(plane, kind).length >= quota.limit)
    throw new CloudFrontError(
      quota.code,
      `You have reached the maximum number of ${quota.what} (${quota.limit}) for this account.`,
    );
}
