// Cache, origin request and response headers policies share one life cycle: Create, Get, GetConfig,
// Update, Delete (not while a behavior uses it), List with `Type=managed|custom`. Managed policies are
// listed under their real ids and names and can be neither updated nor deleted
// (Amazon CloudFront Developer Guide, "Use managed cache policies" and the like).

import { randomUUID } from 'node:crypto';
import {
  managedCachePolicies,
  managedOriginRequestPolicies,
  managedResponseHeadersPolicies,
} from '../../edge/policies/index.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import { checkAccountQuota } from './account-quotas.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import type { ResourceKind } from '../state/control-database.ts';
import {
  allEntries,
  apiResources,
  type CatalogEntry,
  changeableEntry,
  checkIfMatch,
  contentEtag,
  newResource,
  nextVersion,
  pageOf,
} from './resource-catalog.ts';

type Json = Record<string, unknown>;

type PolicyKind = {
  readonly kind: ResourceKind;
  /** `CachePolicy`, `OriginRequestPolicy`, `ResponseHeadersPolicy`. */
  readonly noun: string;
  readonly managed: readonly { readonly Id: string }[];
  /** The behavior member that references this kind of policy. */
  readonly behaviorField: string;
};

/** When AWS's managed policies are reported as last modified (they do not change through the API). */
const MANAGED_LAST_MODIFIED = '2021-01-01T00:00:00.000Z';

const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/';

function operations(kind: PolicyKind): Record<string, OperationHandler> {
  const { noun } = kind;
  const configField = `${noun}Config`;
  const path =
    noun === 'CachePolicy'
      ? 'cache-policy'
      : noun === 'OriginRequestPolicy'
        ? 'origin-request-policy'
        : 'response-headers-policy';
  const noSuch = () => new CloudFrontError(`NoSuch${noun}`, `The ${humanName(noun)} does not exist.`);
  const managedEntries = (): CatalogEntry[] =>
    kind.managed.map((m) => ({
      kind: kind.kind,
      id: m.Id,
      etag: contentEtag(m.Id),
      config: (m as unknown as Json)[configField],
      createdTime: MANAGED_LAST_MODIFIED,
      lastModifiedTime: MANAGED_LAST_MODIFIED,
    }));
  const isManaged = (id: string) => kind.managed.some((m) => m.Id === id);
  const everything = (plane: ControlPlane) => [
    ...managedEntries().map((e) => ({ type: 'managed', entry: e })),
    ...allEntries(plane, kind.kind).map((e) => ({ type: 'custom', entry: e })),
  ];
  const document = (entry: CatalogEntry): Json => ({
    Id: entry.id,
    LastModifiedTime: entry.lastModifiedTime,
    [configField]: entry.config,
  });
  const found = (plane: ControlPlane, id: unknown): CatalogEntry => {
    const hit = everything(plane).find((e) => e.entry.id === String(id));
    if (hit === undefined) throw noSuch();
    return hit.entry;
  };
  const requireConfig = (plane: ControlPlane, config: unknown, exceptId?: string): Json => {
    const c = config as Json | undefined;
    if (c === undefined)
      throw new CloudFrontError('MissingBody', `The request is missing the ${configField}.`);
    if (typeof c.Name !== 'string' || c.Name === '')
      throw new CloudFrontError('InvalidArgument', `${configField}.Name is required.`);
    if (everything(plane).some((e) => e.entry.id !== exceptId && (e.entry.config as Json).Name === c.Name))
      throw new CloudFrontError(
        `${noun}AlreadyExists`,
        `A ${humanName(noun)} named "${c.Name}" already exists.`,
      );
    return c;
  };
  const refuseManaged = (id: string, change: 'update' | 'delete') => {
    if (isManaged(id))
      throw new CloudFrontError(
        change === 'update' ? 'IllegalUpdate' : 'IllegalDelete',
        `${id} is a managed ${humanName(noun)}; managed policies cannot be ${change === 'update' ? 'updated' : 'deleted'}.`,
      );
  };
  const plural = noun.replace(/Policy$/, 'Policies');
  return {
    [`Create${noun}`]: (input, plane) => {
      const config = requireConfig(plane, input[configField]);
      checkAccountQuota(plane, kind.kind);
      const id = randomUUID();
      plane.deployment.validate(apiResources(plane, { kind: kind.kind, id, config }));
      const stored = newResource(plane, kind.kind, id, config);
      plane.db.putResource(stored);
      return { [noun]: document(stored), Location: `${LOCATION}${path}/${id}`, ETag: stored.etag };
    },
    [`Get${noun}`]: (input, plane) => {
      const entry = found(plane, input.Id);
      return { [noun]: document(entry), ETag: entry.etag };
    },
    [`Get${noun}Config`]: (input, plane) => {
      const entry = found(plane, input.Id);
      return { [configField]: entry.config, ETag: entry.etag };
    },
    [`Update${noun}`]: (input, plane) => {
      const id = String(input.Id);
      refuseManaged(id, 'update');
      const current = changeableEntry(plane, kind.kind, id, 'update', noSuch);
      checkIfMatch(input.IfMatch, current.etag);
      const config = requireConfig(plane, input[configField], id);
      plane.deployment.validate(apiResources(plane, { kind: kind.kind, id, config }));
      const stored = nextVersion(plane, current, config);
      plane.db.putResource(stored);
      plane.deployment.requestDeploy();
      return { [noun]: document(stored), ETag: stored.etag };
    },
    [`Delete${noun}`]: (input, plane) => {
      const id = String(input.Id);
      refuseManaged(id, 'delete');
      const current = changeableEntry(plane, kind.kind, id, 'delete', noSuch);
      checkIfMatch(input.IfMatch, current.etag);
      const users = distributionsUsing(plane, kind.behaviorField, id);
      if (users.length > 0)
        throw new CloudFrontError(
          `${noun}InUse`,
          `The ${humanName(noun)} is used by distribution ${users.join(', ')}.`,
        );
      plane.db.deleteResource(kind.kind, id);
      return undefined;
    },
    [`List${plural}`]: (input, plane) => {
      const type = input.Type;
      if (type !== undefined && type !== 'managed' && type !== 'custom')
        throw new CloudFrontError('InvalidArgument', 'Type must be managed or custom.');
      const listed = everything(plane).filter((e) => type === undefined || e.type === type);
      const page = pageOf(listed, (e) => e.entry.id, input.Marker, input.MaxItems);
      return {
        [`${noun}List`]: {
          ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
          MaxItems: page.maxItems,
          Quantity: page.items.length,
          ...(page.items.length === 0
            ? {}
            : { Items: page.items.map((e) => ({ Type: e.type, [noun]: document(e.entry) })) }),
        },
      };
    },
  };
}

function humanName(noun: string): string {
  return noun.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Ids of the distributions whose default or cache behaviors name the policy. */
export function distributionsUsing(plane: ControlPlane, behaviorField: string, policyId: string): string[] {
  return allEntries(plane, 'distribution')
    .filter((d) => {
      const config = d.config as Json;
      const behaviors = [
        config.DefaultCacheBehavior as Json | undefined,
        ...((((config.CacheBehaviors as Json | undefined)?.Items as Json[] | undefined) ?? []) as Json[]),
      ];
      return behaviors.some((b) => b?.[behaviorField] === policyId);
    })
    .map((d) => d.id);
}

export const cachePolicyOperations = operations({
  kind: 'cache-policy',
  noun: 'CachePolicy',
  managed: managedCachePolicies,
  behaviorField: 'CachePolicyId',
});

export const originRequestPolicyOperations = operations({
  kind: 'origin-request-policy',
  noun: 'OriginRequestPolicy',
  managed: managedOriginRequestPolicies,
  behaviorField: 'OriginRequestPolicyId',
});

export const responseHeadersPolicyOperations = operations({
  kind: 'response-headers-policy',
  noun: 'ResponseHeadersPolicy',
  managed: managedResponseHeadersPolicies,
  behaviorField: 'ResponseHeadersPolicyId',
});
