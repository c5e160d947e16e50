// SDK clients and viewer requests for the CloudFront API tests under `frontgate serve --workers N`
// (serve-workers.ts): every request on a new connection, so successive calls reach different workers.

import { Agent, type AgentOptions } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import '@aws-sdk/signature-v4a';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudFrontKeyValueStoreClient } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CREDENTIALS, getFresh, REGION, type Reply, type ServeWorkers } from './serve-workers.ts';

/** The KVS SDK addresses `<account>.localhost`: resolve every name to loopback. */
const LOOPBACK: AgentOptions['lookup'] = ((_host, options, callback) =>
  (options as { all?: boolean }).all
    ? (callback as (e: null, a: unknown) => void)(null, [{ address: '127.0.0.1', family: 4 }])
    : callback(null, '127.0.0.1', 4)) as AgentOptions['lookup'];

export function freshConnectionClients(serve: ServeWorkers): {
  readonly cloudfront: CloudFrontClient;
  readonly s3: S3Client;
  readonly kvs: CloudFrontKeyValueStoreClient;
  readonly destroy: () => void;
} {
  const requestHandler = new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false }) });
  const cloudfront = new CloudFrontClient({
    endpoint: serve.s3Url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    requestHandler,
  });
  const s3 = new S3Client({
    endpoint: serve.s3Url,
    region: REGION,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestHandler,
  });
  const kvs = new CloudFrontKeyValueStoreClient({
    endpoint: `http://localhost:${new URL(serve.s3Url).port}`,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false, lookup: LOOPBACK }) }),
  });
  return {
    cloudfront,
    s3,
    kvs,
    destroy: () => {
      cloudfront.destroy();
      s3.destroy();
      kvs.destroy();
    },
  };
}

/** GET through the plain HTTP edge listener with `host` as Host, on a new connection. */
export function viewerGet(serve: ServeWorkers, host: string, path: string): Promise<Reply> {
  return getFresh(`${serve.httpEdgeUrl}${path}`, { headers: { host } });
}

/** Polls `probe` every 100 ms until it returns a value. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}
