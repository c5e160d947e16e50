// Stage "authenticate": SigV4 (header or presigned) via the signer library → who is calling, plus the
// payload mode that tells how to decode the body. Pure apart from the clock; errors are SigV4Error.

import type { IncomingMessage } from 'node:http';
import {
  type ChunkSigningContext,
  type PayloadMode,
  type SigningKeyCache,
  verifySigV4Request,
} from '../signer/sigv4/index.ts';
import type { S3Route } from './route-s3-request.ts';
import type { S3Credential } from './s3-config.ts';
import type { Principal } from './s3-types.ts';

export type OriginAccessCredential = {
  readonly distributionId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
};

/** Either a fixed list of origin access credentials or the composition root's reverse lookup function. */
export type OriginAccessLookup =
  | readonly OriginAccessCredential[]
  | ((accessKeyId: string) => OriginAccessCredential | undefined);

export type Authentication = {
  readonly principal: Principal;
  readonly payload: PayloadMode;
  readonly chunkSigning?: ChunkSigningContext;
};

export function createCredentialLookup(
  credentials: readonly S3Credential[],
  originAccess: OriginAccessLookup | undefined,
): {
  secretFor: (accessKeyId: string) => string | undefined;
  principalFor: (accessKeyId: string, form: 'header' | 'presigned') => Principal;
} {
  const users = new Map(credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const oac = (id: string): OriginAccessCredential | undefined =>
    typeof originAccess === 'function' ? originAccess(id) : originAccess?.find((c) => c.accessKeyId === id);
  return {
    secretFor: (id) => users.get(id) ?? oac(id)?.secretAccessKey,
    principalFor: (id, form) => {
      if (users.has(id)) return { kind: 'user', accessKeyId: id, form };
      const origin = oac(id);
      if (origin) return { kind: 'origin-access', distributionId: origin.distributionId, accessKeyId: id };
      return { kind: 'anonymous' };
    },
  };
}

export function authenticateS3Request(
  req: IncomingMessage,
  route: S3Route,
  options: {
    readonly lookup: ReturnType<typeof createCredentialLookup>;
    readonly region: string;
    readonly now: Date;
    /** Derived signing keys, one cache per S3 service (keys change daily; derivation is four HMACs). */
    readonly signingKeyCache?: SigningKeyCache;
  },
): Authentication {
  const verdict = verifySigV4Request(
    {
      method: route.method,
      rawPath: route.rawPath,
      rawQuery: route.rawQuery,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
    },
    {
      lookupSecret: options.lookup.secretFor,
      now: options.now,
      service: 's3',
      expectedRegion: options.region,
      signingKeyCache: options.signingKeyCache,
    },
  );
  if (verdict.kind === 'anonymous') return { principal: { kind: 'anonymous' }, payload: verdict.payload };
  return {
    principal: options.lookup.principalFor(verdict.accessKeyId, verdict.form),
    payload: verdict.payload,
    chunkSigning: verdict.chunkSigning,
  };
}
