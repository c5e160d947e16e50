// Distribution operations: Create (+WithTags), Get, GetConfig, Update (whole-config replace), Delete (only
// disabled and deployed), List (Amazon CloudFront API Reference, "Actions"). Every change is compiled as the
// edge would compile it before it is stored, then deployed to the running edge.

import { CloudFrontError } from '../cloudfront-error.ts';
import { checkAccountQuota } from './account-quotas.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import {
  distributionArn,
  distributionDocument,
  distributionStatus,
  distributionSummary,
} from './distribution-document.ts';
import {
  allEntries,
  apiResources,
  changeableEntry,
  checkIfMatch,
  findEntry,
  pageOf,
} from './resource-catalog.ts';
import { withDistributionDefaults } from './distribution-defaults.ts';
import { checkDistributionFunctions } from './function-associations.ts';
import { validateTags } from './tags.ts';

type Json = Record<string, unknown>;

const noSuchDistribution = () =>
  new CloudFrontError('NoSuchDistribution', 'The specified distribution does not exist.');

const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/distribution/';

function createDistribution(plane: ControlPlane, submitted: unknown, tags?: unknown): Json {
  if (submitted === undefined || submitted === null || typeof submitted !== 'object')
    throw new CloudFrontError('MissingBody', 'The request is missing the DistributionConfig.');
  const config = withDistributionDefaults(submitted as Json);
  const reference = config.CallerReference;
  if (allEntries(plane, 'distribution').some((d) => (d.config as Json).CallerReference === reference))
    throw new CloudFrontError(
      'DistributionAlreadyExists',
      'The caller reference you attempted to create the distribution with is associated with another distribution.',
    );
  checkAccountQuota(plane, 'distribution');
  const tagItems = tags === undefined ? [] : validateTags(tags);
  const id = plane.newId('E');
  const etag = plane.newId('E');
  checkDistributionFunctions(plane, config);
  plane.deployment.validate(apiResources(plane, { kind: 'distribution', id, etag, config }));
  const now = plane.now().toISOString();
  const stored = { kind: 'distribution', id, etag, config, createdTime: now, lastModifiedTime: now };
  plane.db.putResource(stored);
  if (tagItems.length > 0) plane.db.putTags(distributionArn(plane, id), tagItems);
  plane.deployment.requestDeploy();
  return { Distribution: distributionDocument(plane, stored), Location: `${LOCATION}${id}`, ETag: etag };
}

export const CreateDistribution: OperationHandler = (input, plane) =>
  createDistribution(plane, input.DistributionConfig);

export const CreateDistributionWithTags: OperationHandler = (input, plane) => {
  const withTags = input.DistributionConfigWithTags as Json | undefined;
  if (withTags?.DistributionConfig === undefined)
    throw new CloudFrontError('MissingBody', 'The request is missing the DistributionConfig.');
  return createDistribution(plane, withTags.DistributionConfig, withTags.Tags ?? {});
};

export const GetDistribution: OperationHandler = async (input, plane) => {
  await plane.deployment.settled();
  const entry = findEntry(plane, 'distribution', String(input.Id));
  if (entry === undefined) throw noSuchDistribution();
  return { Distribution: distributionDocument(plane, entry), ETag: entry.etag };
};

export const GetDistributionConfig: OperationHandler = (input, plane) => {
  const entry = findEntry(plane, 'distribution', String(input.Id));
  if (entry === undefined) throw noSuchDistribution();
  return { DistributionConfig: entry.config, ETag: entry.etag };
};

export const UpdateDistribution: OperationHandler = (input, plane) => {
  const id = String(input.Id);
  const current = changeableEntry(plane, 'distribution', id, 'update', noSuchDistribution);
  checkIfMatch(input.IfMatch, current.etag);
  const submitted = input.DistributionConfig as Json | undefined;
  if (submitted === undefined)
    throw new CloudFrontError('MissingBody', 'The request is missing the DistributionConfig.');
  const config = withDistributionDefaults(submitted);
  if (config.CallerReference !== (current.config as Json).CallerReference)
    throw new CloudFrontError('IllegalUpdate', 'The CallerReference of a distribution cannot be changed.');
  const etag = plane.newId('E');
  checkDistributionFunctions(plane, config);
  plane.deployment.validate(apiResources(plane, { kind: 'distribution', id, etag, config }));
  const stored = { ...current, etag, config, lastModifiedTime: plane.now().toISOString() };
  plane.db.putResource(stored);
  plane.deployment.requestDeploy();
  return { Distribution: distributionDocument(plane, stored), ETag: etag };
};

export const DeleteDistribution: OperationHandler = async (input, plane) => {
  await plane.deployment.settled();
  const id = String(input.Id);
  const current = changeableEntry(plane, 'distribution', id, 'delete', noSuchDistribution);
  checkIfMatch(input.IfMatch, current.etag);
  if ((current.config as Json).Enabled !== false || distributionStatus(plane, current) !== 'Deployed')
    throw new CloudFrontError(
      'DistributionNotDisabled',
      'The distribution you are trying to delete has not been disabled.',
    );
  plane.db.deleteResource('distribution', id);
  plane.db.deleteTags(distributionArn(plane, id));
  plane.deployment.requestDeploy();
  return undefined;
};

export const ListDistributions: OperationHandler = async (input, plane) => {
  await plane.deployment.settled();
  const page = pageOf(allEntries(plane, 'distribution'), (d) => d.id, input.Marker, input.MaxItems);
  return {
    DistributionList: {
      Marker: page.marker,
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      IsTruncated: page.nextMarker !== undefined,
      Quantity: page.items.length,
      ...(page.items.length === 0 ? {} : { Items: page.items.map((d) => distributionSummary(plane, d)) }),
    },
  };
};
