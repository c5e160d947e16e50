import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openControlDatabase } from './control-database.ts';

test('resources, tags and invalidations are kept across close and reopen', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'control-db-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'control.sqlite');
  const db = openControlDatabase(path);
  db.putResource({
    kind: 'distribution',
    id: 'E1',
    etag: 'EA',
    config: { Comment: 'one' },
    createdTime: '2026-01-01T00:00:00.000Z',
    lastModifiedTime: '2026-01-01T00:00:00.000Z',
  });
  db.putResource({
    kind: 'distribution',
    id: 'E1',
    etag: 'EB',
    config: { Comment: 'two' },
    createdTime: '2030-01-01T00:00:00.000Z',
    lastModifiedTime: '2026-02-01T00:00:00.000Z',
  });
  db.putTags('arn:1', [{ Key: 'b', Value: '2' }, { Key: 'a' }]);
  db.deleteTags('arn:1', ['b']);
  db.putInvalidation({
    distributionId: 'E1',
    id: 'I1',
    status: 'InProgress',
    createTime: '2026-01-01T00:00:00.000Z',
    callerReference: 'r',
    paths: ['/*'],
  });
  db.close();

  const again = openControlDatabase(path);
  t.after(() => again.close());
  const stored = again.getResource('distribution', 'E1');
  assert.equal(stored?.etag, 'EB');
  assert.deepEqual(stored?.config, { Comment: 'two' });
  assert.equal(stored?.createdTime, '2026-01-01T00:00:00.000Z', 'an update keeps the creation time');
  assert.deepEqual(again.listTags('arn:1'), [{ Key: 'a' }]);
  assert.deepEqual(
    again.invalidationsInProgress().map((i) => i.id),
    ['I1'],
  );
  again.putInvalidation({ ...again.getInvalidation('E1', 'I1')!, status: 'Completed' });
  assert.equal(again.invalidationsInProgress().length, 0);
  again.deleteResource('distribution', 'E1');
  assert.equal(again.listResources('distribution').length, 0);
});
