// One view over file-defined and API-defined resources of each kind: file-defined ones are listed and
// readable through the API but never changed by it (docs/decisions/control-api-file-resources.md).

import { randomBytes } from 'node:crypto';
import type { EdgeApiResources } from '../../edge/config/index.ts';
import type { OriginAccessControlEntry } from '../../edge/distribution/index.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import type { ControlPlane } from '../control-plane.ts';
import type { ResourceKind, StoredResource } from '../state/control-database.ts';

export type CatalogEntry = StoredResource & {
  /** Where a file-defined resource sits in the config file (`edge.keyGroups[0]`); undefined for API ones. */
  readonly jsonPath?: string;
};

export function fileEntries(plane: ControlPlane, kind: ResourceKind): readonly CatalogEntry[] {
  const at = plane.startedAt.toISOString();
  const entry = (id: string, config: unknown, etag: string, jsonPath: string): CatalogEntry => ({
    kind,
    id,
    etag,
    config,
    createdTime: at,
    lastModifiedTime: at,
    jsonPath,
  });
  const files = plane.files;
  switch (kind) {
    case 'distribution':
      return files.distributions().map((d) => entry(d.id, d.config, d.etag, d.jsonPath));
    case 'public-key':
      return files.publicKeys.map((k) =>
        entry(
          k.id,
          { CallerReference: k.id, Name: k.name, EncodedKey: files.publicKeyPem(k.id) ?? '' },
          contentEtag(k.id),
          k.jsonPath,
        ),
      );
    case 'key-group':
      return withIds(files.keyGroups, 'KeyGroupConfig', 'edge.keyGroups', entry);
    case 'origin-access-control':
      return files.originAccessControls.map((o, index) =>
        entry(o.Id, o.OriginAccessControlConfig, contentEtag(o.Id), `edge.originAccessControls[${index}]`),
      );
    case 'cache-policy':
      return withIds(files.cachePolicies, 'CachePolicyConfig', 'edge.cachePolicies', entry);
    case 'origin-request-policy':
      return withIds(
        files.originRequestPolicies,
        'OriginRequestPolicyConfig',
        'edge.originRequestPolicies',
        entry,
      );
    case 'response-headers-policy':
      return withIds(
        files.responseHeadersPolicies,
        'ResponseHeadersPolicyConfig',
        'edge.responseHeadersPolicies',
        entry,
      );
    default:
      return [];
  }
}

function withIds(
  raw: readonly unknown[],
  configField: string,
  listPath: string,
  entry: (id: string, config: unknown, etag: string, jsonPath: string) => CatalogEntry,
): CatalogEntry[] {
  return raw.map((item, index) => {
    const record = item as Record<string, unknown>;
    const id = String(record.Id);
    return entry(id, record[configField], contentEtag(id), `${listPath}[${index}]`);
  });
}

/** File-defined and API-defined resources of a kind, file ones first. */
export function allEntries(plane: ControlPlane, kind: ResourceKind): readonly CatalogEntry[] {
  return [...fileEntries(plane, kind), ...plane.db.listResources(kind)];
}

export function findEntry(plane: ControlPlane, kind: ResourceKind, id: string): CatalogEntry | undefined {
  return fileEntries(plane, kind).find((e) => e.id === id) ?? plane.db.getResource(kind, id);
}

/** The entry of `kind` named `id` (file-defined or API-defined), or the operation's NoSuch… error. */
export function requireEntry(
  plane: ControlPlane,
  kind: ResourceKind,
  id: unknown,
  notFound: () => CloudFrontError,
): CatalogEntry {
  const entry = findEntry(plane, kind, String(id));
  if (entry === undefined) throw notFound();
  return entry;
}

/** A resource created through the API: a fresh ETag, created and last modified now. */
export function newResource(
  plane: ControlPlane,
  kind: ResourceKind,
  id: string,
  config: unknown,
): StoredResource {
  const now = plane.now().toISOString();
  return { kind, id, etag: plane.newId('E'), config, createdTime: now, lastModifiedTime: now };
}

/** The next version of an API resource: the new config under a fresh ETag, last modified now. */
export function nextVersion(plane: ControlPlane, current: StoredResource, config: unknown): StoredResource {
  return { ...current, etag: plane.newId('E'), config, lastModifiedTime: plane.now().toISOString() };
}

/** The API-defined entry to change; a file-defined one gets IllegalUpdate/IllegalDelete naming the file. */
export function changeableEntry(
  plane: ControlPlane,
  kind: ResourceKind,
  id: string,
  change: 'update' | 'delete',
  notFound: () => CloudFrontError,
): StoredResource {
  const fromFile = fileEntries(plane, kind).find((e) => e.id === id);
  if (fromFile !== undefined)
    throw new CloudFrontError(
      change === 'update' ? 'IllegalUpdate' : 'IllegalDelete',
      `${id} is defined in the Frontgate config file (${fromFile.jsonPath}); change it there, not through the API.`,
    );
  const stored = plane.db.getResource(kind, id);
  if (stored === undefined) throw notFound();
  return stored;
}

/** `If-Match`: missing → 400 InvalidIfMatchVersion, not the current ETag → 412 PreconditionFailed. */
export function checkIfMatch(ifMatch: unknown, etag: string): void {
  if (typeof ifMatch !== 'string' || ifMatch.trim() === '')
    throw new CloudFrontError(
      'InvalidIfMatchVersion',
      'The If-Match version is missing or not valid for the resource.',
    );
  if (ifMatch.trim() !== etag)
    throw new CloudFrontError(
      'PreconditionFailed',
      'The precondition given in one or more of the request-header fields evaluated to false.',
    );
}

/** The API state as the edge takes it, optionally with one resource replaced (config) or removed (null). */
export function apiResources(
  plane: ControlPlane,
  change?: {
    readonly kind: ResourceKind;
    readonly id: string;
    readonly etag?: string;
    readonly config: unknown | null;
  },
): EdgeApiResources {
  const list = (kind: ResourceKind): { id: string; etag: string; config: unknown }[] => {
    const rows = plane.db
      .listResources(kind)
      .filter((r) => !(change?.kind === kind && change.id === r.id))
      .map((r) => ({ id: r.id, etag: r.etag, config: r.config }));
    if (change?.kind === kind && change.config !== null)
      rows.push({ id: change.id, etag: change.etag ?? 'candidate', config: change.config });
    return rows;
  };
  return {
    distributions: list('distribution'),
    publicKeys: list('public-key').map((k) => ({
      id: k.id,
      encodedKey: String((k.config as { EncodedKey?: unknown }).EncodedKey ?? ''),
    })),
    keyGroups: list('key-group').map((k) => ({ Id: k.id, KeyGroupConfig: k.config })),
    cachePolicies: list('cache-policy').map((p) => ({ Id: p.id, CachePolicyConfig: p.config })),
    originRequestPolicies: list('origin-request-policy').map((p) => ({
      Id: p.id,
      OriginRequestPolicyConfig: p.config,
    })),
    responseHeadersPolicies: list('response-headers-policy').map((p) => ({
      Id: p.id,
      ResponseHeadersPolicyConfig: p.config,
    })),
    originAccessControls: list('origin-access-control').map(
      (o) => ({ Id: o.id, OriginAccessControlConfig: o.config }) as OriginAccessControlEntry,
    ),
  };
}

/** A CloudFront-looking ETag or id: a prefix letter and 13 upper-case alphanumerics. */
export function randomCloudFrontId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = prefix;
  for (const byte of randomBytes(13)) id += alphabet[byte % alphabet.length];
  return id;
}

/** A stable ETag for a resource whose content never changes through the API (file-defined, managed). */
export function contentEtag(id: string): string {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `E${hash.toString(36).toUpperCase().padStart(13, '0').slice(0, 13)}`;
}

/** `Marker`/`MaxItems` paging over a list ordered by id of insertion; `Marker` is the last id returned. */
export function pageOf<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  marker: unknown,
  maxItemsText: unknown,
): {
  readonly items: readonly T[];
  readonly maxItems: number;
  readonly nextMarker?: string;
  readonly marker: string;
} {
  let maxItems = 100;
  if (typeof maxItemsText === 'string') {
    if (!/^\d+$/.test(maxItemsText))
      throw new CloudFrontError('InvalidArgument', 'MaxItems must be a number');
    maxItems = Number(maxItemsText);
  }
  const start =
    typeof marker === 'string' && marker !== '' ? items.findIndex((i) => idOf(i) === marker) + 1 : 0;
  const slice = items.slice(start, start + maxItems);
  const truncated = start + maxItems < items.length;
  return {
    items: slice,
    maxItems,
    marker: typeof marker === 'string' ? marker : '',
    ...(truncated && slice.length > 0 ? { nextMarker: idOf(slice[slice.length - 1]) } : {}),
  };
}
