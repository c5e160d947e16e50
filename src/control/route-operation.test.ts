import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCloudFrontModel } from './model/cloudfront-model.ts';
import { createOperationRouter } from './route-operation.ts';

const model = loadCloudFrontModel();
const route = createOperationRouter(model, [
  'CreateDistribution',
  'CreateDistributionWithTags',
  'GetDistribution',
  'UpdateDistribution',
  'UpdateKeyGroup',
  'UpdateOriginAccessControl',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
  'GetInvalidation',
]);
const q = (text: string) => new URLSearchParams(text);

test('the request URIs of the model pick the operation, including bare query flags and Operation=Tag|Untag', () => {
  assert.equal(route('POST', '/2020-05-31/distribution', q(''))?.operation, 'CreateDistribution');
  assert.equal(
    route('POST', '/2020-05-31/distribution', q('WithTags'))?.operation,
    'CreateDistributionWithTags',
  );
  assert.equal(route('POST', '/2020-05-31/tagging', q('Operation=Tag&Resource=x'))?.operation, 'TagResource');
  assert.equal(
    route('POST', '/2020-05-31/tagging', q('Operation=Untag&Resource=x'))?.operation,
    'UntagResource',
  );
  assert.equal(route('GET', '/2020-05-31/tagging', q('Resource=x'))?.operation, 'ListTagsForResource');
  assert.equal(route('POST', '/2020-05-31/tagging', q('Operation=Other'))?.operation, undefined);
});

test('update routes differ by resource: /config for distributions and OACs, bare id for key groups', () => {
  assert.deepEqual(route('PUT', '/2020-05-31/distribution/E1/config', q('')), {
    operation: 'UpdateDistribution',
    labels: { Id: 'E1' },
  });
  assert.equal(
    route('PUT', '/2020-05-31/origin-access-control/E2/config', q(''))?.operation,
    'UpdateOriginAccessControl',
  );
  assert.equal(route('PUT', '/2020-05-31/origin-access-control/E2', q('')), undefined);
  assert.equal(route('PUT', '/2020-05-31/key-group/k-1', q(''))?.operation, 'UpdateKeyGroup');
  assert.deepEqual(route('GET', '/2020-05-31/distribution/E1/invalidation/I%2F1', q(''))?.labels, {
    DistributionId: 'E1',
    Id: 'I/1',
  });
  assert.equal(route('DELETE', '/2020-05-31/distribution/E1', q('')), undefined);
});
