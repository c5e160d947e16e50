// Public keys: Create, Get, GetConfig, Update (only the comment may change), Delete (not while a key group
// uses it), List (Amazon CloudFront API Reference, CreatePublicKey … ListPublicKeys).

import { CloudFrontError } from '../cloudfront-error.ts';
import type { OperationHandler } from '../create-control-handler.ts';
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

const noSuchPublicKey = () =>
  new CloudFrontError('NoSuchPublicKey', 'The specified public key does not exist.');
const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/public-key/';

const document = (entry: CatalogEntry): Json => ({
  Id: entry.id,
  CreatedTime: entry.createdTime,
  PublicKeyConfig: entry.config,
});

function requireConfig(config: unknown): Json {
  const c = config as Json | undefined;
  if (c === undefined)
    throw new CloudFrontError('MissingBody', 'The request is missing the PublicKeyConfig.');
  for (const field of ['CallerReference', 'Name', 'EncodedKey'])
    if (typeof c[field] !== 'string' || c[field] === '')
      throw new CloudFrontError('InvalidArgument', `PublicKeyConfig.${field} is required.`);
  return c;
}

export const CreatePublicKey: OperationHandler = (input, plane) => {
  const config = requireConfig(input.PublicKeyConfig);
  const existing = allEntries(plane, 'public-key');
  if (existing.some((k) => (k.config as Json).CallerReference === config.CallerReference))
    throw new CloudFrontError('PublicKeyAlreadyExists', 'The specified public key already exists.');
  if (existing.some((k) => (k.config as Json).Name === config.Name))
    throw new CloudFrontError(
      'PublicKeyAlreadyExists',
      `A public key named "${config.Name}" already exists.`,
    );
  const id = plane.newId('K');
  plane.deployment.validate(apiResources(plane, { kind: 'public-key', id, config }));
  const stored = newResource(plane, 'public-key', id, config);
  plane.db.putResource(stored);
  return { PublicKey: document(stored), Location: `${LOCATION}${id}`, ETag: stored.etag };
};

export const GetPublicKey: OperationHandler = (input, plane) => {
  const entry = requireEntry(plane, 'public-key', input.Id, noSuchPublicKey);
  return { PublicKey: document(entry), ETag: entry.etag };
};

export const GetPublicKeyConfig: OperationHandler = (input, plane) => {
  const entry = requireEntry(plane, 'public-key', input.Id, noSuchPublicKey);
  return { PublicKeyConfig: entry.config, ETag: entry.etag };
};

export const UpdatePublicKey: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'public-key', id, 'update', noSuchPublicKey);
  checkIfMatch(input.IfMatch, current.etag);
  const config = requireConfig(input.PublicKeyConfig);
  const before = current.config as Json;
  if (['CallerReference', 'Name', 'EncodedKey'].some((f) => config[f] !== before[f]))
    throw new CloudFrontError(
      'CannotChangeImmutablePublicKeyFields',
      'You can update only the comment of a public key.',
    );
  const stored = nextVersion(plane, current, config);
  plane.db.putResource(stored);
  return { PublicKey: document(stored), ETag: stored.etag };
};

export const DeletePublicKey: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'public-key', id, 'delete', noSuchPublicKey);
  checkIfMatch(input.IfMatch, current.etag);
  const users = allEntries(plane, 'key-group').filter((g) =>
    ((g.config as Json).Items as string[] | undefined)?.includes(id),
  );
  if (users.length > 0)
    throw new CloudFrontError(
      'PublicKeyInUse',
      `The public key is used by key group ${users.map((g) => g.id).join(', ')}.`,
    );
  plane.db.deleteResource('public-key', id);
  return undefined;
};

export const ListPublicKeys: OperationHandler = (input, plane) => {
  const page = pageOf(allEntries(plane, 'public-key'), (k) => k.id, input.Marker, input.MaxItems);
  return {
    PublicKeyList: {
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      Quantity: page.items.length,
      ...(page.items.length === 0
        ? {}
        : {
            Items: page.items.map((k) => {
              const c = k.config as Json;
              return {
                Id: k.id,
                Name: c.Name,
                CreatedTime: k.createdTime,
                EncodedKey: c.EncodedKey,
                ...(c.Comment === undefined ? {} : { Comment: c.Comment }),
              };
            }),
          }),
    },
  };
};
