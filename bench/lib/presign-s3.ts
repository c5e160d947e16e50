// Presigned S3 URLs (SigV4 query authentication) made by the AWS SDK's own presigner, so wrk can send
// real authenticated S3 requests without signing each one, and objects can be seeded with plain fetch.

import { createReadStream, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { GetObjectCommand, PutObjectAclCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export type S3Endpoint = {
  readonly url: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
};

export type Presigner = {
  readonly presign: (method: 'GET' | 'PUT', bucket: string, key: string) => Promise<string>;
  /** Gives an object the public-read canned ACL: anonymous reads follow the object's ACL, not the bucket's. */
  readonly makePublicRead: (bucket: string, key: string) => Promise<void>;
  readonly close: () => void;
};

/** Valid for an hour: longer than any run, so no request fails on expiry. */
const EXPIRES_SECONDS = 3600;

export function createPresigner(endpoint: S3Endpoint): Presigner {
  const client = new S3Client({
    endpoint: endpoint.url,
    region: endpoint.region,
    forcePathStyle: true,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    // Without this the SDK adds a checksum of an empty body to presigned PUTs, which every real upload would fail.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return {
    presign: (method, bucket, key) => {
      const command =
        method === 'GET'
          ? new GetObjectCommand({ Bucket: bucket, Key: key })
          : new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'application/octet-stream' });
      return getSignedUrl(client, command, { expiresIn: EXPIRES_SECONDS });
    },
    makePublicRead: async (bucket, key) => {
      await client.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: 'public-read' }));
    },
    close: () => client.destroy(),
  };
}

/** Uploads a file through a presigned PUT URL, streaming it (no whole-file buffer). */
export async function putFile(url: string, file: string): Promise<void> {
  const size = statSync(file).size;
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
    body: createReadStream(file) as unknown as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  if (!response.ok) throw new Error(`PUT ${url.split('?')[0]} → ${response.status}: ${text.slice(0, 300)}`);
}

/**
 * One GET with node:http (fetch drops a Host header, which the edge needs to find the distribution): status,
 * size, response headers (for X-Cache checks) and the first bytes of the body (for error messages).
 */
export function probe(
  url: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; bytes: number; headers: Headers; head: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (c: Buffer) => {
        if (head.length < 400) head += c.subarray(0, 400).toString('latin1');
        bytes += c.length;
      });
      res.on('end', () => {
        const h = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) h.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: res.statusCode ?? 0, bytes, headers: h, head: head.slice(0, 400) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
