import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDeployedVersions } from './deployed-versions.ts';

test('a distribution is deployed with the ETag of the newest version every worker applied, not the newest sent', () => {
  let applied = 0;
  const versions = createDeployedVersions((version) => version <= applied);
  versions.record(0, [{ id: 'E1', etag: 'A' }]);
  versions.record(1, [
    { id: 'E1', etag: 'B' },
    { id: 'E2', etag: 'C' },
  ]);
  assert.equal(versions.deployedEtag('E1'), 'A');
  assert.equal(versions.deployedEtag('E2'), undefined, 'E2 exists only in a version not applied yet');
  applied = 1;
  assert.equal(versions.deployedEtag('E1'), 'B');
  assert.equal(versions.deployedEtag('E2'), 'C');
});

test('a distribution removed in the newest applied version is no longer deployed', () => {
  let applied = 0;
  const versions = createDeployedVersions((version) => version <= applied);
  versions.record(0, [{ id: 'E1', etag: 'A' }]);
  versions.record(1, []);
  assert.equal(versions.deployedEtag('E1'), 'A');
  applied = 1;
  assert.equal(versions.deployedEtag('E1'), undefined);
});
