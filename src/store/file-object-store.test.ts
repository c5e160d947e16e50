import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { DatabaseSync } from 'node:sqlite';
import { describe, type TestContext, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { createFileObjectStore } from './file-object-store.ts';
import { type ObjectStore, StoreError, type StoredObject } from './object-store.ts';
import { objectStoreContract } from './object-store.contract.ts';

objectStoreContract('file', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-store-'));
  const store = await createFileObjectStore({ dataDir });
  t.after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return store;
});

async function tempDir(t: TestContext): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-store-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

async function read(store: ObjectStore, object: StoredObject): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.openObject(object)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('file ObjectStore on disk', () => {
  test('a metadata database from before bucket policies is migrated in place, its buckets kept', async (t) => {
    const dataDir = await tempDir(t);
    const old = new DatabaseSync(join(dataDir, 'metadata.sqlite'));
    old.exec(`CREATE TABLE buckets (name TEXT PRIMARY KEY, creation_ms INTEGER NOT NULL, region TEXT NOT NULL,
      acl TEXT NOT NULL, cors_json TEXT NOT NULL, allowed_distribution_ids_json TEXT NOT NULL) STRICT`);
    old.exec(
      `INSERT INTO buckets VALUES ('legacy', 1700000000000, 'us-east-1', 'private', 'null', '["E1"]')`,
    );
    old.close();
    const store = await createFileObjectStore({ dataDir });
    t.after(() => store.close());
    const legacy = await store.getBucket('legacy');
    assert.deepEqual(legacy?.allowedDistributionIds, ['E1']);
    assert.equal(legacy?.policy, null);
    await store.updateBucket('legacy', { policy: '{"Statement":[]}' });
    assert.equal((await store.getBucket('legacy'))?.policy, '{"Statement":[]}');
  });

  test('buckets, objects, uploads and completed uploads survive a restart', async (t) => {
    const dataDir = await tempDir(t);
    const clock = () => new Date('2025-01-02T03:04:05.678Z');
    const first = await createFileObjectStore({ dataDir, now: clock });
    await first.createBucket('keep', { region: 'eu-central-1', acl: 'public-read' });
    await first.updateBucket('keep', {
      cors: { rules: [1] },
      allowedDistributionIds: ['E2ABC'],
      policy: '{"Version":"2012-10-17","Statement":[]}',
      publicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
      ownershipControls: 'ObjectWriter',
    });
    const put = await first.putObject('keep', 'a/../b', Readable.from([Buffer.from('persisted')]), {
      contentType: 'text/plain',
      userMetadata: { k: 'v' },
    });
    const open = await first.createMultipartUpload('keep', 'upload', { userMetadata: {} });
    await first.putPart(open, 3, Readable.from([Buffer.from('part')]));
    const done = await first.createMultipartUpload('keep', 'done', { userMetadata: {} });
    const part = await first.putPart(done, 1, Readable.from([Buffer.from('x')]));
    const completed = await first.completeMultipartUpload(done, [{ partNumber: 1, etag: part.etag }]);
    await first.close();

    const second = await createFileObjectStore({ dataDir, now: clock });
    t.after(() => second.close());
    assert.deepEqual(await second.getBucket('keep'), {
      name: 'keep',
      creationDate: clock(),
      region: 'eu-central-1',
      acl: 'public-read',
      cors: { rules: [1] },
      allowedDistributionIds: ['E2ABC'],
      policy: '{"Version":"2012-10-17","Statement":[]}',
      publicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
      ownershipControls: 'ObjectWriter',
    });
    assert.deepEqual(await second.headObject('keep', 'a/../b'), put);
    assert.equal(await read(second, put), 'persisted');
    assert.deepEqual(await second.listMultipartUploads('keep'), [open]);
    assert.deepEqual(
      (await second.listParts(open)).map((p) => [p.partNumber, p.size]),
      [[3, 4]],
    );
    const remembered = await second.getMultipartUpload('keep', done.uploadId, { includeCompleted: true });
    assert.deepEqual(remembered?.completedAt, clock());
    assert.deepEqual(
      await second.completeMultipartUpload(remembered!, [{ partNumber: 1, etag: part.etag }]),
      completed,
    );
  });

  test('start-up removes temp files and data files no metadata references', async (t) => {
    const dataDir = await tempDir(t);
    const first = await createFileObjectStore({ dataDir });
    await first.createBucket('b', { region: 'us-east-1', acl: 'private' });
    const kept = await first.putObject('b', 'k', Readable.from([Buffer.from('kept')]), { userMetadata: {} });
    await first.close();
    await writeFile(join(dataDir, 'tmp', 'half-written'), 'partial');
    await mkdir(join(dataDir, 'data', 'zz'), { recursive: true });
    await writeFile(join(dataDir, 'data', 'zz', 'zz00000000orphan'), 'orphan');

    const second = await createFileObjectStore({ dataDir });
    t.after(() => second.close());
    const files = await filesUnder(join(dataDir, 'data'));
    assert.deepEqual(files, [join(kept.dataId.slice(0, 2), kept.dataId)]);
    assert.deepEqual(await readdir(join(dataDir, 'tmp')), []);
    assert.equal(await read(second, kept), 'kept');
  });

  test('concurrent writers committed together: a failed condition undoes only its own put, the rest survive a restart', async (t) => {
    const dataDir = await tempDir(t);
    const first = await createFileObjectStore({ dataDir });
    await first.createBucket('b', { region: 'us-east-1', acl: 'private' });
    await first.putObject('b', 'taken', Readable.from([Buffer.from('old')]), { userMetadata: {} });
    const puts = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0
        ? first.putObject(
            'b',
            'taken',
            Readable.from([Buffer.from(`lost ${i}`)]),
            { userMetadata: {} },
            { ifNoneMatch: '*' },
          )
        : first.putObject('b', `k${i}`, Readable.from([Buffer.from(`body ${i}`)]), { userMetadata: {} }),
    );
    const results = await Promise.allSettled(puts);
    results.forEach((r, i) => {
      if (i % 3 === 0)
        assert.ok(
          r.status === 'rejected' && r.reason instanceof StoreError && r.reason.code === 'PreconditionFailed',
        );
      else assert.equal(r.status, 'fulfilled');
    });
    await first.close();

    const second = await createFileObjectStore({ dataDir });
    t.after(() => second.close());
    const taken = await second.headObject('b', 'taken');
    assert.ok(taken);
    assert.equal(await read(second, taken), 'old');
    for (let i = 1; i < 24; i++) {
      if (i % 3 === 0) continue;
      const object = await second.headObject('b', `k${i}`);
      assert.ok(object, `k${i} was acknowledged, so it must be there after a restart`);
      assert.equal(await read(second, object), `body ${i}`);
    }
    // Bytes of the rejected puts were removed: one data file per surviving object.
    assert.equal((await filesUnder(join(dataDir, 'data'))).length, 1 + 16);
  });

  test('file names come from random ids only, whatever the key', async (t) => {
    const dataDir = await tempDir(t);
    let n = 0;
    const store = await createFileObjectStore({
      dataDir,
      randomId: () => `id${String(n++).padStart(8, '0')}`,
    });
    t.after(() => store.close());
    await store.createBucket('b', { region: 'us-east-1', acl: 'private' });
    for (const key of ['../../escape', '/abs', 'a/b/c/', '..\\..\\win']) {
      await store.putObject('b', key, Readable.from([Buffer.from(key)]), { userMetadata: {} });
    }
    const files = (await filesUnder(dataDir)).filter((f) => f.startsWith('data'));
    assert.deepEqual(
      files.sort(),
      ['id00000000', 'id00000001', 'id00000002', 'id00000003'].map((id) => join('data', 'id', id)),
    );
  });

  test('a random id that is not a safe file name is refused', async (t) => {
    const dataDir = await tempDir(t);
    const store = await createFileObjectStore({ dataDir, randomId: () => '../../x' });
    t.after(() => store.close());
    await store.createBucket('b', { region: 'us-east-1', acl: 'private' });
    await assert.rejects(
      store.putObject('b', 'k', Readable.from([Buffer.from('v')]), { userMetadata: {} }),
      RangeError,
    );
  });

  test('replaced bytes are removed after the read grace period, and then cannot be opened', async (t) => {
    const dataDir = await tempDir(t);
    const store = await createFileObjectStore({ dataDir, readGraceMs: 20 });
    t.after(() => store.close());
    await store.createBucket('b', { region: 'us-east-1', acl: 'private' });
    const old = await store.putObject('b', 'k', Readable.from([Buffer.from('old')]), { userMetadata: {} });
    const copy = await store.copyObject(old, 'b', 'copy', { userMetadata: {} });
    await store.putObject('b', 'k', Readable.from([Buffer.from('new')]), { userMetadata: {} });
    await setTimeout(100);
    // Still shared with the copy, so still there.
    assert.equal(await read(store, copy), 'old');
    await store.deleteObject('b', 'copy');
    await setTimeout(100);
    assert.equal((await filesUnder(join(dataDir, 'data'))).length, 1);
    await assert.rejects(read(store, old), (e) => e instanceof StoreError && e.code === 'NoSuchKey');
    assert.throws(
      () => store.readObjectBytes(old),
      (e) => e instanceof StoreError && e.code === 'NoSuchKey',
    );
  });

  test('close removes retired bytes at once', async (t) => {
    const dataDir = await tempDir(t);
    const store = await createFileObjectStore({ dataDir, readGraceMs: 60_000 });
    await store.createBucket('b', { region: 'us-east-1', acl: 'private' });
    await store.putObject('b', 'k', Readable.from([Buffer.from('old')]), { userMetadata: {} });
    await store.putObject('b', 'k', Readable.from([Buffer.from('new')]), { userMetadata: {} });
    assert.equal((await filesUnder(join(dataDir, 'data'))).length, 2);
    await store.close();
    assert.equal((await filesUnder(join(dataDir, 'data'))).length, 1);
  });

  test('a second store on the same data directory is refused while the first is open', async (t) => {
    const dataDir = await tempDir(t);
    const first = await createFileObjectStore({ dataDir });
    t.after(() => first.close());
    await first.createBucket('b', { region: 'us-east-1', acl: 'private' });
    await assert.rejects(createFileObjectStore({ dataDir }), /locked/);
    assert.ok(await first.getBucket('b'));
  });
});
