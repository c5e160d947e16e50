// A real Frontgate (store + S3 API + CloudFront control API + edge) on loopback port 0 in a temp dir, and
// SDK clients pointed at it, for the control API's end-to-end tests.

import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { createConfigContext, parseFrontgateConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { type RunningFrontgate, startFrontgate } from '../../src/server/start-frontgate.ts';

export const CREDENTIALS = {
  accessKeyId: 'CONTROLTESTKEY',
  secretAccessKey: 'control-test-secret-for-these-tests',
};

export type ControlFixture = {
  readonly dir: string;
  readonly frontgate: RunningFrontgate;
  readonly cloudfront: CloudFrontClient;
  readonly s3: S3Client;
  readonly edgeUrl: string;
  /** Stops this instance now (a restart test reopens the same directory). */
  readonly close: () => Promise<void>;
};

/** `config` is merged into a config with listeners on port 0; `dir` reuses a data directory (restarts). */
export async function startControlFixture(
  t: TestContext,
  options: {
    readonly dir?: string;
    readonly config?: Record<string, unknown>;
    readonly region?: string;
  } = {},
): Promise<ControlFixture> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'frontgate-control-')));
  if (options.dir === undefined) t.after(() => rm(dir, { recursive: true, force: true }));
  const extra = options.config ?? {};
  const config = parseFrontgateConfig(
    {
      dataDir: join(dir, 'data'),
      ...extra,
      s3: { listen: '127.0.0.1:0', credentials: [CREDENTIALS], ...(extra.s3 as object | undefined) },
      edge: {
        listen: '127.0.0.1:0',
        admin: { listen: '127.0.0.1:0' },
        ...(extra.edge as object | undefined),
      },
    },
    createConfigContext(dir),
  );
  const frontgate = await startFrontgate(config, { logger: silentLogger });
  const cloudfront = new CloudFrontClient({
    endpoint: frontgate.s3Url,
    region: options.region ?? 'us-east-1',
    credentials: CREDENTIALS,
  });
  const s3 = new S3Client({
    endpoint: frontgate.s3Url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    forcePathStyle: true,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    cloudfront.destroy();
    s3.destroy();
    await frontgate.close();
  };
  t.after(close);
  return {
    dir,
    frontgate,
    cloudfront,
    s3,
    edgeUrl: frontgate.edgeUrls[0] as string,
    close,
  };
}

/** A minimal S3-origin distribution config in the API's shape (what the SDK sends). */
export function s3DistributionConfig(options: {
  readonly callerReference: string;
  readonly bucket: string;
  readonly aliases?: readonly string[];
  readonly oacId?: string;
  readonly keyGroupId?: string;
  readonly cachePolicyId?: string;
  readonly originRequestPolicyId?: string;
  readonly responseHeadersPolicyId?: string;
  readonly enabled?: boolean;
}) {
  const domain = `${options.bucket}.s3.us-east-1.amazonaws.com`;
  const aliases = options.aliases ?? [];
  return {
    CallerReference: options.callerReference,
    Aliases: aliases.length === 0 ? { Quantity: 0 } : { Quantity: aliases.length, Items: [...aliases] },
    DefaultRootObject: '',
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: domain,
          DomainName: domain,
          OriginPath: '',
          CustomHeaders: { Quantity: 0 },
          S3OriginConfig: { OriginAccessIdentity: '' },
          OriginAccessControlId: options.oacId ?? '',
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: domain,
      ViewerProtocolPolicy: 'allow-all' as const,
      TrustedKeyGroups:
        options.keyGroupId === undefined
          ? { Enabled: false, Quantity: 0 }
          : { Enabled: true, Quantity: 1, Items: [options.keyGroupId] },
      AllowedMethods: {
        Quantity: 3,
        Items: ['GET' as const, 'HEAD' as const, 'OPTIONS' as const],
        CachedMethods: { Quantity: 2, Items: ['GET' as const, 'HEAD' as const] },
      },
      Compress: true,
      CachePolicyId: options.cachePolicyId ?? '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ...(options.originRequestPolicyId === undefined
        ? {}
        : { OriginRequestPolicyId: options.originRequestPolicyId }),
      ...(options.responseHeadersPolicyId === undefined
        ? {}
        : { ResponseHeadersPolicyId: options.responseHeadersPolicyId }),
    },
    Comment: 'control API test',
    Enabled: options.enabled ?? true,
  };
}

/** A GET to the edge with a Host header (fetch cannot set Host). */
export function edgeGet(
  edgeUrl: string,
  host: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(edgeUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, headers: { ...headers, host }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
