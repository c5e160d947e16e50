// Origin access controls: Create, Get, GetConfig, Update (`PUT …/{Id}/config`), Delete (not while an origin
// uses it), List (Amazon CloudFront API Reference, CreateOriginAccessControl … ListOriginAccessControls).

import { CloudFrontError } from '../cloudfront-error.ts';
import { checkAccountQuota } from './account-quotas.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
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

const noSuchOac = () =>
  new CloudFrontError('NoSuchOriginAccessControl', 'The origin access control does not exist.');
const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/';

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  SigningProtocol: ['sigv4'],
  SigningBehavior: ['never', 'always', 'no-override'],
  OriginAccessControlOriginType: ['s3', 'mediastore', 'mediapackagev2', 'lambda'],
};

const document = (entry: CatalogEntry): Json => ({ Id: entry.id, OriginAccessControlConfig: entry.config });

function requireConfig(config: unknown): Json {
  const c = config as Json | undefined;
  if (c === undefined)
    throw new CloudFrontError('MissingBody', 'The request is missing the OriginAccessControlConfig.');
  if (typeof c.Name !== 'string' || c.Name === '' || c.Name.length > 64)
    throw new CloudFrontError(
      'InvalidArgument',
      'OriginAccessControlConfig.Name must be 1 to 64 characters.',
    );
  for (const [field, values] of Object.entries(ALLOWED))
    if (!values.includes(c[field] as string))
      throw new CloudFrontError(
        'InvalidArgument',
        `OriginAccessControlConfig.${field} must be one of ${values.join(', ')}.`,
      );
  return c;
}

function checkUniqueName(plane: ControlPlane, name: unknown, exceptId?: string): void {
  if (
    allEntries(plane, 'origin-access-control').some(
      (o) => o.id !== exceptId && (o.config as Json).Name === name,
    )
  )
    throw new CloudFrontError(
      'OriginAccessControlAlreadyExists',
      `An origin access control named "${String(name)}" already exists.`,
    );
}

export const CreateOriginAccessControl: OperationHandler = (input, plane) => {
  const config = requireConfig(input.OriginAccessControlConfig);
  checkUniqueName(plane, config.Name);
  checkAccountQuota(plane, 'origin-access-control');
  const id = plane.newId('E');
  const stored = newResource(plane, 'origin-access-control', id, config);
  plane.db.putResource(stored);
  return { OriginAccessControl: document(stored), Location: `${LOCATION}${id}`, ETag: stored.etag };
};

export const GetOriginAccessControl: OperationHandler = (input, plane) => {
  const entry = requireEntry(plane, 'origin-access-control', input.Id, noSuchOac);
  return { OriginAccessControl: document(entry), ETag: entry.etag };
};

export const GetOriginAccessControlConfig: OperationHandler = (input, plane) => {
  const entry = requireEntry(plane, 'origin-access-control', input.Id, noSuchOac);
  return { OriginAccessControlConfig: entry.config, ETag: entry.etag };
};

export const UpdateOriginAccessControl: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'origin-access-control', id, 'update', noSuchOac);
  checkIfMatch(input.IfMatch, current.etag);
  const config = requireConfig(input.OriginAccessControlConfig);
  checkUniqueName(plane, config.Name, id);
  plane.deployment.validate(apiResources(plane, { kind: 'origin-access-control', id, config }));
  const stored = nextVersion(plane, current, config);
  plane.db.putResource(stored);
  plane.deployment.requestDeploy();
  return { OriginAccessControl: document(stored), ETag: stored.etag };
};

function originsUsing(plane: ControlPlane, id: string): string[] {
  return allEntries(plane, 'distribution')
    .filter((d) =>
      ((((d.config as Json).Origins as Json | undefined)?.Items as Json[] | undefined) ?? []).some(
        (o) => o.OriginAccessControlId === id,
      ),
    )
    .map((d) => d.id);
}

export const DeleteOriginAccessControl: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'origin-access-control', id, 'delete', noSuchOac);
  checkIfMatch(input.IfMatch, current.etag);
  const users = originsUsing(plane, id);
  if (users.length > 0)
    throw new CloudFrontError(
      'OriginAccessControlInUse',
      `The origin access control is used by distribution ${users.join(', ')}.`,
    );
  plane.db.deleteResource('origin-access-control', id);
  return undefined;
};

export const ListOriginAccessControls: OperationHandler = (input, plane) => {
  const page = pageOf(allEntries(plane, 'origin-access-control'), (o) => o.id, input.Marker, input.MaxItems);
  return {
    OriginAccessControlList: {
      Marker: page.marker,
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      IsTruncated: page.nextMarker !== undefined,
      Quantity: page.items.length,
      ...(page.items.length === 0
        ? {}
        : {
            Items: page.items.map((o) => {
              const c = o.config as Json;
              return {
                Id: o.id,
                Description: c.Description ?? '',
                Name: c.Name,
                SigningProtocol: c.SigningProtocol,
                SigningBehavior: c.SigningBehavior,
                OriginAccessControlOriginType: c.OriginAccessControlOriginType,
              };
            }),
          }),
    },
  };
};
