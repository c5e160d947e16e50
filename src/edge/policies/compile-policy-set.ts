// Builds the lookup tables behaviors resolve their policy ids against: every managed policy plus the custom
// policies of the config file (`edge.cachePolicies` …, each `{ Id, <Kind>PolicyConfig }` as the API prints it).

import { readObject, requiredObject, requiredString } from '../distribution/aws-json-reader.ts';
import type {
  CachePolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
} from '../distribution/compiled-distribution.ts';
import { DistributionConfigError } from '../distribution/distribution-config-error.ts';
import { compileCachePolicy } from './compile-cache-policy.ts';
import { compileOriginRequestPolicy } from './compile-origin-request-policy.ts';
import { compileResponseHeadersPolicy } from './compile-response-headers-policy.ts';
import { managedCachePolicies } from './managed-cache-policies.ts';
import { managedOriginRequestPolicies } from './managed-origin-request-policies.ts';
import { managedResponseHeadersPolicies } from './managed-response-headers-policies.ts';

export type PolicySet = {
  readonly cachePolicies: ReadonlyMap<string, CachePolicy>;
  readonly originRequestPolicies: ReadonlyMap<string, OriginRequestPolicy>;
  readonly responseHeadersPolicies: ReadonlyMap<string, ResponseHeadersPolicy>;
};

/** Custom policies in API shape; `jsonPath` names where the list sits in the config (`edge.cachePolicies`). */
export type CustomPolicies = {
  readonly cachePolicies?: readonly unknown[];
  readonly originRequestPolicies?: readonly unknown[];
  readonly responseHeadersPolicies?: readonly unknown[];
  readonly jsonPath?: string;
};

export function compileManagedPolicies(): PolicySet {
  return compilePolicySet({});
}

export function compilePolicySet(custom: CustomPolicies): PolicySet {
  const base = custom.jsonPath ?? 'edge';
  return Object.freeze({
    cachePolicies: compileKind(
      managedCachePolicies,
      custom.cachePolicies ?? [],
      'CachePolicyConfig',
      `${base}.cachePolicies`,
      compileCachePolicy,
    ),
    originRequestPolicies: compileKind(
      managedOriginRequestPolicies,
      custom.originRequestPolicies ?? [],
      'OriginRequestPolicyConfig',
      `${base}.originRequestPolicies`,
      compileOriginRequestPolicy,
    ),
    responseHeadersPolicies: compileKind(
      managedResponseHeadersPolicies,
      custom.responseHeadersPolicies ?? [],
      'ResponseHeadersPolicyConfig',
      `${base}.responseHeadersPolicies`,
      compileResponseHeadersPolicy,
    ),
  });
}

function compileKind<T extends { readonly name: string }>(
  managed: readonly { readonly Id: string }[],
  custom: readonly unknown[],
  configField: string,
  listPath: string,
  compile: (id: string, config: unknown, options: { jsonPath?: string; managed?: boolean }) => T,
): ReadonlyMap<string, T> {
  const byId = new Map<string, T>();
  for (const entry of managed) {
    const config = (entry as unknown as Record<string, unknown>)[configField];
    byId.set(
      entry.Id,
      compile(entry.Id, config, { jsonPath: `managed(${entry.Id}).${configField}`, managed: true }),
    );
  }
  const managedIds = new Set(byId.keys());
  const names = new Map([...byId.values()].map((policy) => [policy.name, 'managed']));
  custom.forEach((raw, index) => {
    const path = `${listPath}[${index}]`;
    const entry = readObject(raw, path);
    const id = requiredString(entry, 'Id', path);
    if (id.length === 0)
      throw new DistributionConfigError(`${path}.Id`, 'InvalidArgument', 'must not be empty');
    if (managedIds.has(id))
      throw new DistributionConfigError(
        `${path}.Id`,
        'InvalidArgument',
        `"${id}" is the id of a managed policy`,
      );
    if (byId.has(id))
      throw new DistributionConfigError(`${path}.Id`, 'InvalidArgument', `"${id}" is defined twice`);
    requiredObject(entry, configField, path);
    const policy = compile(id, entry[configField], { jsonPath: `${path}.${configField}` });
    // Policy names are unique per account (…PolicyAlreadyExists at the API, AWS: "Amazon CloudFront API Reference").
    if (names.has(policy.name))
      throw new DistributionConfigError(
        `${path}.${configField}.Name`,
        'InvalidArgument',
        `a policy named "${policy.name}" already exists`,
      );
    names.set(policy.name, id);
    byId.set(id, policy);
  });
  return byId;
}
