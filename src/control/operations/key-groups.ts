// Key groups: Create, Get, GetConfig, Update, Delete (not while a distribution trusts it), List. A missing
// key group is `NoSuchResource` (Amazon CloudFront API Reference, GetKeyGroup).

import { randomUUID } from 'node:crypto';
import { CloudFrontError } from '../cloudfront-error.ts';
import { checkAccountQuota } from './account-quotas.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import { trustedKeyGroupIds } from './distribution-document.ts';
import {
  allEntries,
  apiResources,
  type CatalogEntry,
  changeableEntry,
  checkIfMatch,
  newResource,
  nextVersion,
  pageOf,
  requireEntry,
} from './resource-catalog.ts';

type Json = Record<string, unknown>;

const noSuchKeyGroup = () => new CloudFrontError('NoSuchResource', 'The specified key group does not exist.');
const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/key-group/';

const document = (entry: CatalogEntry): Json => ({
  Id: entry.id,
  LastModifiedTime: entry.lastModifiedTime,
  KeyGroupConfig: entry.config,
});

function requireConfig(config: unknown): Json {
  const c = config as Json | undefined;
  if (c === undefined) throw new CloudFrontError('MissingBody', 'The request is missing the KeyGroupConfig.');
  if (typeof c.Name !== 'string' || c.Name === '')
    throw new CloudFrontError('InvalidArgument', 'KeyGroupConfig.Name is required.');
  if (!Array.isArray(c.Items) || c.Items.length === 0)
    throw new CloudFrontError('InvalidArgument', 'KeyGroupConfig.Items must name at least one public key.');
  return c;
}

function checkUniqueName(plane: ControlPlane, name: unknown, exceptId?: string): void {
  if (allEntries(plane, 'key-group').some((g) => g.id !== exceptId && (g.config as Json).Name === name))
    throw new CloudFrontError('KeyGroupAlreadyExists', `A key group named "${String(name)}" already exists.`);
}

export const CreateKeyGroup: OperationHandler = (input, plane) => {
  const config = requireConfig(input.KeyGroupConfig);
  checkUniqueName(plane, config.Name);
  checkAccountQuota(plane, 'key-group');
  const id = randomUUID();
  plane.deployment.validate(apiResources(plane, { kind: 'key-group', id, config }));
  const stored = newResource(plane, 'key-group', id, config);
  plane.db.putResource(stored);
  return { KeyGroup: document(stored), Location: `${LOCATION}${id}`, ETag: stored.etag };
};

export const GetKeyGroup: OperationHandler = (input, plane) => {
  const entry = requireEntry(plane, 'key-group', input.Id, noSuchKeyGroup);
  return { KeyGroup: document(entry), ETag: entry.etag };
};

export const GetKeyGroupConfig: OperationHandler = (input, plane) => {
  const entry = requireEntry(plane, 'key-group', input.Id, noSuchKeyGroup);
  return { KeyGroupConfig: entry.config, ETag: entry.etag };
};

export const UpdateKeyGroup: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'key-group', id, 'update', noSuchKeyGroup);
  checkIfMatch(input.IfMatch, current.etag);
  const config = requireConfig(input.KeyGroupConfig);
  checkUniqueName(plane, config.Name, id);
  plane.deployment.validate(apiResources(plane, { kind: 'key-group', id, config }));
  const stored = nextVersion(plane, current, config);
  plane.db.putResource(stored);
  plane.deployment.requestDeploy();
  return { KeyGroup: document(stored), ETag: stored.etag };
};

export const DeleteKeyGroup: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'key-group', id, 'delete', noSuchKeyGroup);
  checkIfMatch(input.IfMatch, current.etag);
  const users = allEntries(plane, 'distribution').filter((d) =>
    trustedKeyGroupIds(d.config as Json).includes(id),
  );
  if (users.length > 0)
    throw new CloudFrontError(
      'ResourceInUse',
      `The key group is trusted by distribution ${users.map((d) => d.id).join(', ')}.`,
    );
  plane.db.deleteResource('key-group', id);
  return undefined;
};

export const ListKeyGroups: OperationHandler = (input, plane) => {
  const page = pageOf(allEntries(plane, 'key-group'), (g) => g.id, input.Marker, input.MaxItems);
  return {
    KeyGroupList: {
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      Quantity: page.items.length,
      ...(page.items.length === 0 ? {} : { Items: page.items.map((g) => ({ KeyGroup: document(g) })) }),
    },
  };
};
