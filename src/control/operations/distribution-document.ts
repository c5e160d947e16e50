// The `Distribution` and `DistributionSummary` documents the API answers with, built from a stored
// DistributionConfig: status from what the edge has swapped in, ARN, generated domain name, and the active
// key groups of the behaviors that restrict viewer access.

import { generatedDomainName } from '../../edge/distribution/index.ts';
import type { ControlPlane } from '../control-plane.ts';
import { allEntries, type CatalogEntry } from './resource-catalog.ts';

type Json = Record<string, unknown>;

export function distributionArn(plane: ControlPlane, id: string): string {
  return `arn:aws:cloudfront::${plane.accountId}:distribution/${id}`;
}

/** `Deployed` once the running edge serves this exact config (same ETag), `InProgress` before. */
export function distributionStatus(plane: ControlPlane, entry: CatalogEntry): 'Deployed' | 'InProgress' {
  return plane.deployment.deployedEtag(entry.id) === entry.etag ? 'Deployed' : 'InProgress';
}

export function distributionDocument(plane: ControlPlane, entry: CatalogEntry): Json {
  const config = entry.config as Json;
  return {
    Id: entry.id,
    ARN: distributionArn(plane, entry.id),
    Status: distributionStatus(plane, entry),
    LastModifiedTime: entry.lastModifiedTime,
    InProgressInvalidationBatches: plane.db
      .listInvalidations(entry.id)
      .filter((i) => i.status === 'InProgress').length,
    DomainName: generatedDomainName(entry.id),
    ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
    ActiveTrustedKeyGroups: activeTrustedKeyGroups(plane, config),
    DistributionConfig: config,
  };
}

export function distributionSummary(plane: ControlPlane, entry: CatalogEntry): Json {
  const config = entry.config as Json;
  const none = { Quantity: 0 };
  return {
    Id: entry.id,
    ARN: distributionArn(plane, entry.id),
    ETag: entry.etag,
    Status: distributionStatus(plane, entry),
    LastModifiedTime: entry.lastModifiedTime,
    DomainName: generatedDomainName(entry.id),
    Aliases: config.Aliases ?? none,
    Origins: config.Origins,
    OriginGroups: config.OriginGroups,
    DefaultCacheBehavior: config.DefaultCacheBehavior,
    CacheBehaviors: config.CacheBehaviors ?? none,
    CustomErrorResponses: config.CustomErrorResponses ?? none,
    Comment: config.Comment ?? '',
    PriceClass: config.PriceClass ?? 'PriceClass_All',
    Enabled: config.Enabled,
    ViewerCertificate: config.ViewerCertificate ?? {
      CloudFrontDefaultCertificate: true,
      SSLSupportMethod: 'vip',
      MinimumProtocolVersion: 'TLSv1',
      CertificateSource: 'cloudfront',
    },
    Restrictions: config.Restrictions ?? { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    WebACLId: config.WebACLId ?? '',
    HttpVersion: config.HttpVersion ?? 'http2',
    IsIPV6Enabled: config.IsIPV6Enabled ?? true,
    Staging: config.Staging ?? false,
  };
}

/** Key group ids a distribution's behaviors trust (default behavior and cache behaviors). */
export function trustedKeyGroupIds(config: Json): string[] {
  const behaviors = [
    config.DefaultCacheBehavior as Json | undefined,
    ...((((config.CacheBehaviors as Json | undefined)?.Items as Json[] | undefined) ?? []) as Json[]),
  ];
  const ids = new Set<string>();
  for (const behavior of behaviors) {
    const trusted = behavior?.TrustedKeyGroups as Json | undefined;
    if (trusted?.Enabled === true)
      for (const id of (trusted.Items as string[] | undefined) ?? []) ids.add(id);
  }
  return [...ids];
}

function activeTrustedKeyGroups(plane: ControlPlane, config: Json): Json {
  const ids = trustedKeyGroupIds(config);
  if (ids.length === 0) return { Enabled: false, Quantity: 0 };
  const groups = new Map(allEntries(plane, 'key-group').map((g) => [g.id, g.config as Json]));
  const items = ids.map((id) => {
    const keys = (groups.get(id)?.Items as string[] | undefined) ?? [];
    return {
      KeyGroupId: id,
      KeyPairIds: keys.length === 0 ? { Quantity: 0 } : { Quantity: keys.length, Items: keys },
    };
  });
  return { Enabled: true, Quantity: items.length, Items: items };
}
