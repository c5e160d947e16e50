// Compiles an `OriginRequestPolicyConfig` (managed or custom) into the runtime `OriginRequestPolicy`,
// validating it as CreateOriginRequestPolicy would (AWS: "Control origin requests with a policy", "Quotas", "Amazon CloudFront API Reference").

import { readObject } from '../distribution/aws-json-reader.ts';
import type { OriginRequestPolicy } from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import type { CompilePolicyOptions } from './compile-cache-policy.ts';
import { readPolicyNames } from './read-policy-names.ts';
import { compileNameLists, readCookiesAndQueryStrings, readPolicyName } from './read-policy-parameters.ts';

export function compileOriginRequestPolicy(
  id: string,
  config: unknown,
  options: CompilePolicyOptions = {},
): OriginRequestPolicy {
  const path = options.jsonPath ?? 'OriginRequestPolicyConfig';
  const enforceQuota = options.managed !== true;
  const root = readObject(config, path);
  const name = readPolicyName(root, path);
  const headers = readPolicyNames(root, path, {
    block: 'HeadersConfig',
    behaviorField: 'HeaderBehavior',
    listField: 'Headers',
    behaviors: ['none', 'whitelist', 'allViewer', 'allViewerAndWhitelistCloudFront', 'allExcept'],
    behaviorsWithNames: ['whitelist', 'allViewerAndWhitelistCloudFront', 'allExcept'],
    tooManyCode: 'TooManyHeadersInOriginRequestPolicy',
    enforceQuota,
  });
  // Authorization cannot be listed in an origin request policy (AWS: "Control origin requests with a policy").
  headers.names.forEach((header, index) => {
    if (header.toLowerCase() === 'authorization' && headers.behavior === 'whitelist')
      throw new DistributionConfigError(
        `${path}.HeadersConfig.Headers.Items[${index}]`,
        'InvalidArgument',
        'Authorization cannot be forwarded by an origin request policy; add it to the cache policy instead',
      );
    if (headers.behavior === 'allViewerAndWhitelistCloudFront' && !/^cloudfront-/i.test(header))
      throw new DistributionConfigError(
        `${path}.HeadersConfig.Headers.Items[${index}]`,
        'InvalidArgument',
        'allViewerAndWhitelistCloudFront lists only CloudFront-* headers',
      );
  });
  const { cookies, queryStrings } = readCookiesAndQueryStrings(root, path, {
    tooManyCookiesCode: 'TooManyCookiesInOriginRequestPolicy',
    tooManyQueryStringsCode: 'TooManyQueryStringsInOriginRequestPolicy',
    enforceQuota,
  });
  return Object.freeze({ id, name, ...compileNameLists(headers, cookies, queryStrings) });
}
