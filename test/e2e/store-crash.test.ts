// Crash test of the file ObjectStore: a child process overwrites keys with self-describing bodies and is
// SIGKILLed at random moments; after each kill the store must reopen with only complete, acknowledged-or-newer
// objects and no orphaned files. Run as `node store-crash.test.ts --crash-child …` it is that child.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { createFileObjectStore, type ObjectStore, type StoredObject } from '../../src/store/index.ts';

const bucket = 'crash';
const writers = 3;
const keysPerWriter = 4;

function keyOf(writer: number, index: number): string {
  // Hostile-looking keys on purpose: they must never become paths.
  return index % 2 === 0 ? `w${writer}/k${index}` : `../../w${writer}/../k${index}/`;
}

/** `header \n filler sha256hex`: the header names key, version and length; the hash covers all before it. */
function makeBody(key: string, version: number, fillerBytes: number): Buffer {
  const header = Buffer.from(`${JSON.stringify({ key, version, fillerBytes })}\n`);
  const seed = createHash('sha256').update(`${key}\0${version}`).digest();
  const filler = Buffer.alloc(fillerBytes);
  for (let at = 0; at < fillerBytes; at += seed.length) seed.copy(filler, at);
  const content = Buffer.concat([header, filler]);
  return Buffer.concat([content, Buffer.from(createHash('sha256').update(content).digest('hex'))]);
}

function parseBody(bytes: Buffer): { key: string; version: number } {
  const content = bytes.subarray(0, bytes.length - 64);
  const claimed = bytes.subarray(bytes.length - 64).toString();
  assert.equal(createHash('sha256').update(content).digest('hex'), claimed, 'content hash');
  const header = JSON.parse(content.subarray(0, content.indexOf(10)).toString()) as {
    key: string;
    version: number;
    fillerBytes: number;
  };
  assert.ok(
    bytes.equals(makeBody(header.key, header.version, header.fillerBytes)),
    'body regenerates exactly',
  );
  return header;
}

async function runChild(dataDir: string, ackPath: string, round: number): Promise<void> {
  const store = await createFileObjectStore({ dataDir, minPartBytes: 1 });
  process.stdout.write('ready\n');
  let counter = 0;
  async function writer(w: number): Promise<never> {
    for (;;) {
      const key = keyOf(w, randomInt(keysPerWriter));
      // Versions grow across rounds and writes, so a newer commit always has a larger version.
      const version = round * 1_000_000 + counter++;
      const body = makeBody(key, version, randomInt(1, 200_000));
      let object: StoredObject;
      if (version % 4 === 0) {
        const upload = await store.createMultipartUpload(bucket, key, { userMetadata: {} });
        const cut = Math.floor(body.length / 2);
        const p1 = await store.putPart(upload, 1, Readable.from([body.subarray(0, cut)]));
        const p2 = await store.putPart(upload, 2, Readable.from([body.subarray(cut)]));
        object = await store.completeMultipartUpload(upload, [
          { partNumber: 1, etag: p1.etag },
          { partNumber: 2, etag: p2.etag },
        ]);
      } else {
        object = await store.putObject(bucket, key, Readable.from([body]), { userMetadata: {} });
      }
      // Acknowledged only after the store said the write is committed.
      appendFileSync(ackPath, `${JSON.stringify({ key, version, etag: object.etag })}\n`);
    }
  }
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
}

async function readObject(store: ObjectStore, object: StoredObject): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.openObject(object)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function expectedEtag(object: StoredObject, bytes: Buffer): string {
  if (object.partSizes === undefined) return `"${createHash('md5').update(bytes).digest('hex')}"`;
  const outer = createHash('md5');
  let at = 0;
  for (const size of object.partSizes) {
    outer.update(
      createHash('md5')
        .update(bytes.subarray(at, at + size))
        .digest(),
    );
    at += size;
  }
  return `"${outer.digest('hex')}-${object.partSizes.length}"`;
}

/** The highest acknowledged version per key; a torn last line (killed mid-append) is ignored. */
async function acknowledged(ackPath: string): Promise<Map<string, number>> {
  const text = await readFile(ackPath, 'utf8').catch(() => '');
  const acked = new Map<string, number>();
  for (const line of text.split('\n').slice(0, -1)) {
    const { key, version } = JSON.parse(line) as { key: string; version: number };
    acked.set(key, Math.max(acked.get(key) ?? -1, version));
  }
  return acked;
}

async function checkStore(dataDir: string, ackPath: string): Promise<number> {
  const store = await createFileObjectStore({ dataDir });
  try {
    const page = await store.listObjects(bucket, { maxKeys: 1000 });
    assert.equal(page.isTruncated, false);
    const versions = new Map<string, number>();
    for (const object of page.objects) {
      const bytes = await readObject(store, object);
      assert.equal(bytes.length, object.size, `size of ${object.key}`);
      assert.equal(object.etag, expectedEtag(object, bytes), `ETag of ${object.key}`);
      const header = parseBody(bytes);
      assert.equal(header.key, object.key, 'the body belongs to this key');
      versions.set(object.key, header.version);
    }
    for (const [key, version] of await acknowledged(ackPath)) {
      assert.ok(versions.has(key), `acknowledged key ${key} survived`);
      assert.ok(
        versions.get(key)! >= version,
        `${key} is at version ${versions.get(key)}, acknowledged ${version}`,
      );
    }

    // Orphans: no temp files; every data file belongs to a listed object or a part of an open upload.
    assert.deepEqual(await readdir(join(dataDir, 'tmp')), []);
    const files = new Set<string>();
    for (const fanOut of await readdir(join(dataDir, 'data'))) {
      for (const name of await readdir(join(dataDir, 'data', fanOut))) files.add(name);
    }
    const objectData = new Set(page.objects.map((o) => o.dataId));
    for (const dataId of objectData) assert.ok(files.has(dataId), `data of a listed object exists`);
    let openParts = 0;
    for (const upload of await store.listMultipartUploads(bucket)) {
      openParts += (await store.listParts(upload)).length;
      await store.abortMultipartUpload(upload);
    }
    assert.equal(files.size - objectData.size, openParts, 'no data file is unaccounted for');
    return page.objects.length;
  } finally {
    await store.close();
  }
}

function startChild(dataDir: string, ackPath: string, round: number) {
  const child = spawn(
    process.execPath,
    [import.meta.filename, '--crash-child', dataDir, ackPath, String(round)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    exited.then((how) => reject(new Error(`child exited before ready: ${how}`)));
  });
  return { child, ready, exited };
}

if (process.argv[2] === '--crash-child') {
  await runChild(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  test('a file store killed at random moments reopens with complete, acknowledged objects and no orphans', async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-crash-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const ackPath = join(dataDir, 'acknowledged.jsonl');
    const setup = await createFileObjectStore({ dataDir });
    await setup.createBucket(bucket, { region: 'us-east-1', acl: 'private' });
    await setup.close();

    const deadline = Date.now() + 9_000;
    let rounds = 0;
    let acks = 0;
    let lines = 0;
    while (rounds < 3 || (Date.now() < deadline && rounds < 12)) {
      rounds++;
      const { child, ready, exited } = startChild(dataDir, ackPath, rounds);
      t.after(() => child.kill('SIGKILL'));
      await ready;
      await new Promise((resolve) => setTimeout(resolve, randomInt(20, 400)));
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL', 'the child was killed, not crashed');
      const objects = await checkStore(dataDir, ackPath);
      assert.ok(objects <= writers * keysPerWriter);
      acks = (await acknowledged(ackPath)).size;
      lines = (await readFile(ackPath, 'utf8').catch(() => '')).split('\n').length - 1;
    }
    t.diagnostic(`${rounds} kills, ${lines} acknowledged writes over ${acks} keys`);
    assert.ok(acks > 0, 'the child committed something before being killed');
  });
}
