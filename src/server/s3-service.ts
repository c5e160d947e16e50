// Starts the S3 API listener: applies the config's buckets (created if missing; CORS and ACL set, and the
// bucket policy when the entry states one — `policy` and/or `allowedDistributions`; config wins), then
// serves createS3Handler on the configured address.

import { randomBytes } from 'node:crypto';
import { createServer, maxHeaderSize } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import {
  createS3Handler,
  type OriginAccessLookup,
  renderS3ClientErrorResponse,
  type S3Config,
  s3ErrorForClientError,
} from '../s3/index.ts';
import type { ObjectStore } from '../store/index.ts';

export type RunningS3Service = {
  readonly url: string;
  readonly address: AddressInfo;
  readonly close: () => Promise<void>;
};

export async function applyConfiguredBuckets(config: S3Config, store: ObjectStore): Promise<void> {
  for (const bucket of config.buckets) {
    if ((await store.getBucket(bucket.name)) === undefined) {
      await store.createBucket(bucket.name, { region: config.region, acl: bucket.acl });
    }
    await store.updateBucket(bucket.name, {
      acl: bucket.acl,
      cors: bucket.cors,
      allowedDistributionIds: bucket.allowedDistributionIds,
      ...(bucket.policy != null ? { policy: bucket.policy } : {}),
    });
  }
}

export async function startS3Service(
  config: S3Config,
  deps: {
    readonly store: ObjectStore;
    readonly logger: Logger;
    readonly now?: () => Date;
    readonly originAccessCredentials?: OriginAccessLookup;
  },
): Promise<RunningS3Service> {
  await applyConfiguredBuckets(config, deps.store);
  const handler = createS3Handler(config, deps);
  const server = createServer(handler);
  // With a listener here Node no longer answers `Expect: 100-continue` itself: the handler sends 100 only
  // when an operation opens the body, so an auth or bucket error answers before any byte is uploaded.
  server.on('checkContinue', handler);
  // Large uploads stream for a long time; Node's default 5-minute request timeout would cut them.
  server.requestTimeout = 0;
  // A request node's parser refuses gets S3's XML error rather than node's bare status line.
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const s3Error = s3ErrorForClientError(error.code, maxHeaderSize);
    if (s3Error === undefined || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    deps.logger.info('s3.client-error', { requestId, code: error.code, status: s3Error.status });
    socket.end(
      renderS3ClientErrorResponse(s3Error, { requestId, hostId: randomBytes(32).toString('base64') }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  deps.logger.info('s3.listening', { url });
  return {
    url,
    address,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
