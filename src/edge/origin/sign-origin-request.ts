// Origin access control: SigV4-sign an S3 origin request for service `s3` (spec cloudfront.md §10.2).
// Signed headers: host, x-amz-date, x-amz-content-sha256 (UNSIGNED-PAYLOAD); the path exactly as forwarded
// (spec §12 #15). Any viewer Authorization is replaced.

import { createSigningKeyCache, signRequestSigV4, UNSIGNED_PAYLOAD } from '../../signer/sigv4/index.ts';
import type { SigV4Credentials } from '../../signer/sigv4/index.ts';
import type { OriginRequest } from './build-origin-request.ts';

export type OriginAccessCredentials = (distributionId: string) => SigV4Credentials | undefined;

/** Signs an origin request for the distribution's OAC credentials (unchanged when it needs no signature). */
export type SignOriginRequest = (request: OriginRequest, distributionId: string) => OriginRequest;

export function createOriginRequestSigner(
  credentialsFor: OriginAccessCredentials,
  now: () => Date,
): SignOriginRequest {
  // Every origin fetch is signed: derive each (credential, day, region) key once.
  const signingKeyCache = createSigningKeyCache();
  return (request, distributionId) => {
    const credentials = credentialsFor(distributionId);
    if (!credentials || !request.signWith) return request;
    const signed = signRequestSigV4({
      method: request.method,
      host: request.host,
      rawPath: request.rawPath,
      rawQuery: request.rawQuery,
      headers: { 'x-amz-content-sha256': UNSIGNED_PAYLOAD },
      payloadHash: UNSIGNED_PAYLOAD,
      credentials,
      region: request.signWith.region,
      service: 's3',
      now: now(),
      signingKeyCache,
    });
    const replaced = new Set(Object.keys(signed.headers));
    const headers = request.headers.filter(([n]) => !replaced.has(n) && n !== 'authorization');
    return { ...request, headers: [...headers, ...Object.entries(signed.headers)] };
  };
}
