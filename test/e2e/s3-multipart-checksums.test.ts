// Multipart checksums as S3 computes and enforces them, through the AWS SDK v3 with its default checksum
// settings: FULL_OBJECT CRCs (combined from the parts), COMPOSITE checksums of checksums, the algorithm and
// type CreateMultipartUpload fixes, S3's error for every mismatch, and the checksum on GET/HEAD.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { Crc32c as SdkCrc32c, Crc64NvmeJs as SdkCrc64Nvme } from '@aws-sdk/checksums/crc';
import {
  type ChecksumAlgorithm,
  type ChecksumType,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { createConfigContext } from '../../src/config/config-context.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { parseS3Config } from '../../src/s3/index.ts';
import { startS3Service } from '../../src/server/s3-service.ts';
import { createMemoryObjectStore } from '../../src/store/index.ts';

const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const secretAccessKey = randomBytes(30).toString('base64');
const PART_BYTES = 64 * 1024;

async function start(t: import('node:test').TestContext) {
  const config = parseS3Config(
    { listen: '127.0.0.1:0', region: 'us-east-1', credentials: [{ accessKeyId, secretAccessKey }] },
    createConfigContext(process.cwd()),
  );
  // Small parts keep the test fast; the 5 MiB minimum is covered by the lib-storage test.
  const store = createMemoryObjectStore({ minPartBytes: PART_BYTES });
  const service = await startS3Service(config, { store, logger: silentLogger });
  t.after(() => service.close());
  const s3 = new S3Client({
    endpoint: service.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  t.after(() => s3.destroy());
  await s3.send(new CreateBucketCommand({ Bucket: 'media' }));
  return { s3, url: service.url };
}

/** Digests from implementations independent of the server's (node:zlib, the SDK's own CRCs, node:crypto). */
async function digestOf(algorithm: ChecksumAlgorithm, data: Buffer): Promise<Buffer> {
  switch (algorithm) {
    case 'CRC32': {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(crc32(data));
      return out;
    }
    case 'CRC32C':
    case 'CRC64NVME': {
      const hash = algorithm === 'CRC32C' ? new SdkCrc32c() : new SdkCrc64Nvme();
      hash.update(data);
      return Buffer.from(await hash.digest());
    }
    case 'SHA1':
    case 'SHA256':
      return createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256')
        .update(data)
        .digest();
    default:
      throw new Error(`no digest for ${algorithm}`);
  }
}
const b64 = async (algorithm: ChecksumAlgorithm, data: Buffer) =>
  (await digestOf(algorithm, data)).toString('base64');

type Part = { PartNumber: number; ETag?: string } & Partial<Record<`Checksum${ChecksumAlgorithm}`, string>>;

async function uploadParts(
  s3: S3Client,
  key: string,
  algorithm: ChecksumAlgorithm,
  type: ChecksumType,
  bodies: Buffer[],
): Promise<{ UploadId: string; parts: Part[] }> {
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: 'media',
      Key: key,
      ChecksumAlgorithm: algorithm,
      ChecksumType: type,
    }),
  );
  assert.equal(created.ChecksumAlgorithm, algorithm);
  assert.equal(created.ChecksumType, type);
  const UploadId = created.UploadId as string;
  const parts: Part[] = [];
  for (const [i, body] of bodies.entries()) {
    const answer = await s3.send(
      new UploadPartCommand({
        Bucket: 'media',
        Key: key,
        UploadId,
        PartNumber: i + 1,
        Body: body,
        ChecksumAlgorithm: algorithm,
      }),
    );
    const field = `Checksum${algorithm}` as const;
    assert.equal(answer[field], await b64(algorithm, body), `part ${i + 1} ${algorithm}`);
    parts.push({ PartNumber: i + 1, ETag: answer.ETag, [field]: answer[field] });
  }
  return { UploadId, parts };
}

const bodies = () => [randomBytes(PART_BYTES), randomBytes(PART_BYTES + 17), randomBytes(999)];

for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
  test(`a FULL_OBJECT ${algorithm} multipart object gets the ${algorithm} of its whole bytes`, async (t) => {
    const { s3 } = await start(t);
    const data = bodies();
    const whole = await b64(algorithm, Buffer.concat(data));
    const { UploadId, parts } = await uploadParts(s3, `full-${algorithm}`, algorithm, 'FULL_OBJECT', data);
    const wrong = Buffer.from(whole, 'base64');
    wrong[0] ^= 0xff;
    await assert.rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'media',
          Key: `full-${algorithm}`,
          UploadId,
          MultipartUpload: { Parts: parts },
          ChecksumType: 'FULL_OBJECT',
          [`Checksum${algorithm}`]: wrong.toString('base64'),
        }),
      ),
      { name: 'BadDigest' },
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: `full-${algorithm}`,
        UploadId,
        MultipartUpload: { Parts: parts },
        ChecksumType: 'FULL_OBJECT',
        [`Checksum${algorithm}`]: whole,
      }),
    );
    assert.equal(done[`Checksum${algorithm}`], whole);
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'media', Key: `full-${algorithm}`, ChecksumMode: 'ENABLED' }),
    );
    assert.equal(head[`Checksum${algorithm}`], whole);
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
    // The SDK validates the full-object checksum of the body it reads against the header.
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'media', Key: `full-${algorithm}`, ChecksumMode: 'ENABLED' }),
    );
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), Buffer.concat(data));
    assert.equal(got.ChecksumType, 'FULL_OBJECT');
  });
}

for (const algorithm of ['SHA1', 'SHA256', 'CRC32', 'CRC32C'] as const) {
  test(`a COMPOSITE ${algorithm} multipart object gets the ${algorithm} of its parts' ${algorithm}s, "-N"`, async (t) => {
    const { s3 } = await start(t);
    const data = bodies();
    const partDigests = await Promise.all(data.map((d) => digestOf(algorithm, d)));
    const composite = `${await b64(algorithm, Buffer.concat(partDigests))}-${data.length}`;
    const key = `composite-${algorithm}`;
    const { UploadId, parts } = await uploadParts(s3, key, algorithm, 'COMPOSITE', data);
    const withoutChecksums = parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag }));
    await assert.rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'media',
          Key: key,
          UploadId,
          MultipartUpload: { Parts: withoutChecksums },
        }),
      ),
      (e: Error) =>
        e.name === 'InvalidRequest' &&
        e.message ===
          `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.`,
    );
    const tampered = parts.map((p, i) =>
      i === 1 ? { ...p, [`Checksum${algorithm}`]: parts[0][`Checksum${algorithm}`] } : p,
    );
    await assert.rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'media',
          Key: key,
          UploadId,
          MultipartUpload: { Parts: tampered },
        }),
      ),
      { name: 'InvalidPart' },
    );
    await assert.rejects(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'media',
          Key: key,
          UploadId,
          MultipartUpload: { Parts: parts },
          ChecksumType: 'FULL_OBJECT',
        }),
      ),
      (e: Error) =>
        e.name === 'InvalidRequest' &&
        e.message ===
          'The upload was created using the COMPOSITE checksum mode. The complete request must use the same checksum mode.',
    );
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'media', Key: key, UploadId }));
    assert.equal(listed.ChecksumAlgorithm, algorithm);
    assert.equal(listed.ChecksumType, 'COMPOSITE');
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    assert.equal(done[`Checksum${algorithm}`], composite);
    assert.equal(done.ChecksumType, 'COMPOSITE');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(head[`Checksum${algorithm}`], composite);
    assert.equal(head.ChecksumType, 'COMPOSITE');
    const second = await s3.send(
      new HeadObjectCommand({ Bucket: 'media', Key: key, PartNumber: 2, ChecksumMode: 'ENABLED' }),
    );
    assert.equal(
      second[`Checksum${algorithm}`],
      parts[1][`Checksum${algorithm}`],
      'a part read carries its part checksum',
    );
  });
}

test('CreateMultipartUpload refuses checksum types its algorithm has no form of', async (t) => {
  const { s3 } = await start(t);
  const refusal = async (
    input: { ChecksumAlgorithm?: ChecksumAlgorithm; ChecksumType?: ChecksumType },
    message: string,
  ) =>
    assert.rejects(
      s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'k', ...input })),
      (e: Error) => e.name === 'InvalidRequest' && e.message === message,
    );
  await refusal(
    { ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' },
    'The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.',
  );
  await refusal(
    { ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' },
    'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
  );
  await refusal(
    { ChecksumType: 'FULL_OBJECT' },
    'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
  );
  const defaulted = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'k', ChecksumAlgorithm: 'CRC64NVME' }),
  );
  assert.equal(defaulted.ChecksumType, 'FULL_OBJECT');
  const composite = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'k', ChecksumAlgorithm: 'CRC32' }),
  );
  assert.equal(composite.ChecksumType, 'COMPOSITE');
});

test('UploadPart is held to the upload algorithm; a FULL_OBJECT part without a checksum gets one computed', async (t) => {
  const { s3, url } = await start(t);
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: 'media',
      Key: 'k',
      ChecksumAlgorithm: 'CRC32C',
      ChecksumType: 'FULL_OBJECT',
    }),
  );
  const UploadId = created.UploadId as string;
  await assert.rejects(
    s3.send(
      new UploadPartCommand({
        Bucket: 'media',
        Key: 'k',
        UploadId,
        PartNumber: 1,
        Body: 'x',
        ChecksumAlgorithm: 'SHA256',
      }),
    ),
    (e: Error) =>
      e.name === 'InvalidRequest' &&
      e.message ===
        'Checksum Type mismatch occurred, expected checksum Type: crc32c, actual checksum Type: sha256',
  );
  const plain = new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  t.after(() => plain.destroy());
  const body = randomBytes(100);
  const part = await plain.send(
    new UploadPartCommand({ Bucket: 'media', Key: 'k', UploadId, PartNumber: 1, Body: body }),
  );
  assert.equal(part.ChecksumCRC32C, await b64('CRC32C', body));
  const composite = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'c', ChecksumAlgorithm: 'SHA1' }),
  );
  await assert.rejects(
    plain.send(
      new UploadPartCommand({
        Bucket: 'media',
        Key: 'c',
        UploadId: composite.UploadId,
        PartNumber: 1,
        Body: body,
      }),
    ),
    (e: Error) =>
      e.name === 'InvalidRequest' &&
      e.message ===
        'Checksum Type mismatch occurred, expected checksum Type: sha1, actual checksum Type: null',
  );
});

test('a PutObject whose CRC64NVME does not match the bytes is refused with BadDigest; a matching one is stored and listed', async (t) => {
  const { s3 } = await start(t);
  const body = Buffer.from('the bytes');
  const right = Buffer.from(await b64('CRC64NVME', body), 'base64');
  right[7] ^= 1;
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: 'media',
        Key: 'k',
        Body: body,
        ChecksumCRC64NVME: right.toString('base64'),
      }),
    ),
    (e: Error & { $metadata: { httpStatusCode: number } }) =>
      e.name === 'BadDigest' && e.$metadata.httpStatusCode === 400 && /CRC64NVME/.test(e.message),
  );
  const put = await s3.send(
    new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: body, ChecksumAlgorithm: 'CRC64NVME' }),
  );
  assert.equal(put.ChecksumCRC64NVME, await b64('CRC64NVME', body));
  assert.equal(put.ChecksumType, 'FULL_OBJECT');
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media' }));
  assert.deepEqual(
    listed.Contents?.map((o) => [o.Key, o.ChecksumAlgorithm, o.ChecksumType]),
    [['k', ['CRC64NVME'], 'FULL_OBJECT']],
    'listings name the checksum algorithm and type',
  );
});

test('UploadPartCopy into a checksummed upload gives the copied part its checksum, and Complete combines it', async (t) => {
  const { s3 } = await start(t);
  const source = randomBytes(PART_BYTES * 2);
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'source', Body: source }));
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: 'media',
      Key: 'copied',
      ChecksumAlgorithm: 'CRC32',
      ChecksumType: 'FULL_OBJECT',
    }),
  );
  const UploadId = created.UploadId as string;
  const copied = await s3.send(
    new UploadPartCopyCommand({
      Bucket: 'media',
      Key: 'copied',
      UploadId,
      PartNumber: 1,
      CopySource: 'media/source',
      CopySourceRange: `bytes=0-${PART_BYTES - 1}`,
    }),
  );
  const first = source.subarray(0, PART_BYTES);
  assert.equal(copied.CopyPartResult?.ChecksumCRC32, await b64('CRC32', first));
  const tail = randomBytes(10);
  const second = await s3.send(
    new UploadPartCommand({
      Bucket: 'media',
      Key: 'copied',
      UploadId,
      PartNumber: 2,
      Body: tail,
      ChecksumAlgorithm: 'CRC32',
    }),
  );
  const done = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'media',
      Key: 'copied',
      UploadId,
      MultipartUpload: {
        Parts: [
          {
            PartNumber: 1,
            ETag: copied.CopyPartResult?.ETag,
            ChecksumCRC32: copied.CopyPartResult?.ChecksumCRC32,
          },
          { PartNumber: 2, ETag: second.ETag, ChecksumCRC32: second.ChecksumCRC32 },
        ],
      },
    }),
  );
  assert.equal(done.ChecksumCRC32, await b64('CRC32', Buffer.concat([first, tail])));
});
