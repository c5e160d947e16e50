// Builds the `edge` config section the benchmark runs Frontgate with, and, once the server is up, how wrk
// reaches it (frontgate-edge.ts): one distribution whose origin is the embedded store behind origin access
// control; the default behavior is public (no signers) with CachingOptimized, `signed/*` trusts a key group
// whose RSA key pair is generated at run time; the Cookie header comes from getSignedCookies; `fn/*` runs a
// viewer-request CloudFront function.
// `withoutSignatureCache` gives the same section with `signatureCacheEntries: 0` (a second Frontgate runs it).

import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, getSignedCookies } from '../../src/signer/index.ts';
import type { Available } from '../bench-context.ts';
import type { FrontgateEdge } from './frontgate-edge.ts';
import type { RunningFrontgate } from './frontgate-side.ts';

export type EdgePlan = {
  /** The edge with its defaults (verified-signature cache on, 10,000 entries). */
  readonly edgeSection: Record<string, unknown>;
  /** The same edge with `signatureCacheEntries: 0`: every signed request pays the RSA verify. */
  readonly edgeSectionWithoutSignatureCache: Record<string, unknown>;
  readonly extraBuckets: readonly Record<string, unknown>[];
  readonly finish: (running: RunningFrontgate) => FrontgateEdge;
};

export const BENCH_DISTRIBUTION_ID = 'E1FRONTGATEBENCH';
export const BENCH_HOST = 'bench.frontgate.test';
const ORIGIN_BUCKET = 'edge-origin';
const ORIGIN_DOMAIN = `${ORIGIN_BUCKET}.s3.us-east-1.amazonaws.com`;
const OAC_ID = 'E2FRONTGATEBENCHOAC';
const KEY_ID = 'KFRONTGATEBNCH';
/** Managed policy CachingOptimized (AWS: "Use managed cache policies"). */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const SIGNED_PREFIX = 'signed/';
const FUNCTION_PREFIX = 'fn/';
const FUNCTION_NAME = 'bench-viewer-request';
/** A typical viewer-request function: normalise the URI and add a header, as SPA rewrites and
 *  true-client-IP functions do. It keeps the URI's object, so the hit is the same object. */
const FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  request.headers['true-client-ip'] = { value: event.viewer.ip };
  return request;
}
`;

function behavior(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    TargetOriginId: ORIGIN_DOMAIN,
    ViewerProtocolPolicy: 'allow-all',
    AllowedMethods: {
      Quantity: 2,
      Items: ['GET', 'HEAD'],
      CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
    },
    // nginx compresses nothing either; the bodies are random bytes.
    Compress: false,
    CachePolicyId: CACHING_OPTIMIZED,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    ...extra,
  };
}

export function renderBenchDistribution(keyGroupId: string): Record<string, unknown> {
  return {
    DistributionConfig: {
      CallerReference: 'frontgate-bench',
      Aliases: { Quantity: 1, Items: [BENCH_HOST] },
      DefaultRootObject: '',
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: ORIGIN_DOMAIN,
            DomainName: ORIGIN_DOMAIN,
            OriginPath: '',
            CustomHeaders: { Quantity: 0 },
            S3OriginConfig: { OriginAccessIdentity: '' },
            ConnectionAttempts: 3,
            ConnectionTimeout: 10,
            OriginAccessControlId: OAC_ID,
          },
        ],
      },
      DefaultCacheBehavior: behavior({}),
      CacheBehaviors: {
        Quantity: 2,
        Items: [
          behavior({
            PathPattern: `${FUNCTION_PREFIX}*`,
            FunctionAssociations: {
              Quantity: 1,
              Items: [
                {
                  FunctionARN: `arn:aws:cloudfront::123456789012:function/${FUNCTION_NAME}`,
                  EventType: 'viewer-request',
                },
              ],
            },
          }),
          behavior({
            PathPattern: `${SIGNED_PREFIX}*`,
            TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: [keyGroupId] },
          }),
        ],
      },
      CustomErrorResponses: { Quantity: 0 },
      Comment: 'frontgate bench',
      Enabled: true,
    },
  };
}

export async function planFrontgateEdge(input: { readonly workDir: string }): Promise<Available<EdgePlan>> {
  const keys = await generateKeyPair({ type: 'rsa' });
  const publicKeyFile = join(input.workDir, 'bench-public.pem');
  await writeFile(publicKeyFile, keys.publicKeyPem, { mode: 0o600 });
  const keyGroupId = randomUUID();
  const distributionFile = join(input.workDir, 'bench-distribution.json');
  await writeFile(distributionFile, JSON.stringify(renderBenchDistribution(keyGroupId), null, 2));
  const functionFile = join(input.workDir, 'bench-viewer-request.js');
  await writeFile(functionFile, FUNCTION_CODE);
  const edgeSection = {
    listen: '127.0.0.1:0',
    admin: { listen: '127.0.0.1:0' },
    distributions: [{ id: BENCH_DISTRIBUTION_ID, config: distributionFile }],
    origins: { [ORIGIN_DOMAIN]: 'embedded' },
    publicKeys: [
      {
        Id: KEY_ID,
        PublicKeyConfig: {
          CallerReference: 'frontgate-bench',
          Name: 'frontgate-bench',
          EncodedKey: publicKeyFile,
        },
      },
    ],
    keyGroups: [{ Id: keyGroupId, KeyGroupConfig: { Name: 'frontgate-bench', Items: [KEY_ID] } }],
    functions: [{ Name: FUNCTION_NAME, Runtime: 'cloudfront-js-2.0', Code: functionFile }],
    originAccessControls: [
      {
        Id: OAC_ID,
        OriginAccessControlConfig: {
          Name: 'frontgate-bench',
          SigningProtocol: 'sigv4',
          SigningBehavior: 'always',
          OriginAccessControlOriginType: 's3',
        },
      },
    ],
  };
  // A custom policy for the whole signed prefix, valid for the run (an hour), as a site would issue it.
  const cookies = getSignedCookies({
    url: `http://${BENCH_HOST}/${SIGNED_PREFIX}*`,
    keyPairId: KEY_ID,
    privateKey: keys.privateKeyPem,
    dateLessThan: new Date(Date.now() + 3600_000).toISOString(),
    dateGreaterThan: new Date(Date.now() - 60_000).toISOString(),
  });
  const cookieHeader = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return {
    kind: 'ready',
    value: {
      edgeSection,
      edgeSectionWithoutSignatureCache: { ...edgeSection, signatureCacheEntries: 0 },
      extraBuckets: [{ name: ORIGIN_BUCKET, acl: 'private', allowedDistributions: [BENCH_DISTRIBUTION_ID] }],
      finish: (running) => {
        if (running.edgeUrl === undefined) throw new Error('frontgate printed no Edge line');
        return {
          url: running.edgeUrl,
          headers: { host: BENCH_HOST },
          originBucket: ORIGIN_BUCKET,
          signedPrefix: SIGNED_PREFIX,
          functionPrefix: FUNCTION_PREFIX,
          cookieHeader,
        };
      },
    },
  };
}
