// CreateInvalidation, GetInvalidation, ListInvalidations. An invalidation is stored `InProgress`, the running
// edge purges the paths, and only then is it `Completed` (the status spelled as AWS and the
// InvalidationCompleted waiter spell it). A reused CallerReference with the same paths answers the earlier
// invalidation; with other paths, InvalidationBatchAlreadyExists (docs/decisions/control-api-file-resources.md).

import { InvalidationError, validateInvalidationPaths } from '../../edge/index.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { StoredInvalidation } from '../state/control-database.ts';
import { findEntry, pageOf } from './resource-catalog.ts';

type Json = Record<string, unknown>;

const LOCATION = 'https://cloudfront.amazonaws.com/2020-05-31/distribution/';

function invalidationDocument(invalidation: StoredInvalidation): Json {
  return {
    Id: invalidation.id,
    Status: invalidation.status,
    CreateTime: invalidation.createTime,
    InvalidationBatch: {
      Paths: { Quantity: invalidation.paths.length, Items: invalidation.paths },
      CallerReference: invalidation.callerReference,
    },
  };
}

export const CreateInvalidation: OperationHandler = (input, plane) => {
  const distributionId = String(input.DistributionId);
  if (findEntry(plane, 'distribution', distributionId) === undefined)
    throw new CloudFrontError('NoSuchDistribution', 'The specified distribution does not exist.');
  const batch = input.InvalidationBatch as Json | undefined;
  const pathsList = batch?.Paths as { Quantity?: number; Items?: unknown[] } | undefined;
  if (batch === undefined || pathsList === undefined)
    throw new CloudFrontError('MissingBody', 'The request is missing the InvalidationBatch.');
  if (pathsList.Quantity !== (pathsList.Items ?? []).length)
    throw new CloudFrontError(
      'InconsistentQuantities',
      "The value of Quantity and the size of Items don't match.",
    );
  let paths: readonly string[];
  try {
    paths = validateInvalidationPaths(pathsList.Items ?? []);
  } catch (error) {
    if (error instanceof InvalidationError)
      throw new CloudFrontError(error.code, error.message, error.httpStatus);
    throw error;
  }
  const callerReference = String(batch.CallerReference ?? '');
  if (callerReference === '') throw new CloudFrontError('InvalidArgument', 'CallerReference is required.');
  const earlier = plane.db
    .listInvalidations(distributionId)
    .find((i) => i.callerReference === callerReference);
  if (earlier !== undefined) {
    if (earlier.paths.length === paths.length && earlier.paths.every((p, i) => p === paths[i]))
      return {
        Location: `${LOCATION}${distributionId}/invalidation/${earlier.id}`,
        Invalidation: invalidationDocument(earlier),
      };
    throw new CloudFrontError(
      'InvalidationBatchAlreadyExists',
      'An invalidation batch with this CallerReference already exists with different paths.',
      409,
    );
  }
  const invalidation: StoredInvalidation = {
    distributionId,
    id: plane.newId('I'),
    status: 'InProgress',
    createTime: plane.now().toISOString(),
    callerReference,
    paths,
  };
  plane.db.putInvalidation(invalidation);
  plane.deployment.purge(distributionId, paths, callerReference, () =>
    plane.db.putInvalidation({ ...invalidation, status: 'Completed' }),
  );
  return {
    Location: `${LOCATION}${distributionId}/invalidation/${invalidation.id}`,
    Invalidation: invalidationDocument(invalidation),
  };
};

export const GetInvalidation: OperationHandler = async (input, plane) => {
  await plane.deployment.settled();
  const distributionId = String(input.DistributionId);
  if (findEntry(plane, 'distribution', distributionId) === undefined)
    throw new CloudFrontError('NoSuchDistribution', 'The specified distribution does not exist.');
  const invalidation = plane.db.getInvalidation(distributionId, String(input.Id));
  if (invalidation === undefined)
    throw new CloudFrontError('NoSuchInvalidation', 'The specified invalidation does not exist.');
  return { Invalidation: invalidationDocument(invalidation) };
};

export const ListInvalidations: OperationHandler = async (input, plane) => {
  await plane.deployment.settled();
  const distributionId = String(input.DistributionId);
  if (findEntry(plane, 'distribution', distributionId) === undefined)
    throw new CloudFrontError('NoSuchDistribution', 'The specified distribution does not exist.');
  const page = pageOf(plane.db.listInvalidations(distributionId), (i) => i.id, input.Marker, input.MaxItems);
  return {
    InvalidationList: {
      Marker: page.marker,
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      IsTruncated: page.nextMarker !== undefined,
      Quantity: page.items.length,
      ...(page.items.length === 0
        ? {}
        : { Items: page.items.map((i) => ({ Id: i.id, CreateTime: i.createTime, Status: i.status })) }),
    },
  };
};
