// Verifies Signature Version 4A (`AWS4-ECDSA-P256-SHA256`), the signature the AWS SDKs use for the
// `cloudfront-keyvaluestore` API: the canonical request is SigV4's (with `x-amz-region-set` signed), the
// scope has no region (`<date>/<service>/aws4_request`), and the signature is ECDSA P-256 over SHA-256 of
// the string to sign, with a key derived from the secret by the counter-mode HMAC-SHA256 KDF the AWS SDKs
// implement (NIST SP 800-108; AWS documentation "Create a signed AWS API request", SigV4a). The verifier
// derives the same private key from the shared secret and checks the signature with its public key.

import { createECDH, createHash, createHmac, createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  buildCanonicalRequest,
  encodeRfc3986,
  type HeaderMap,
  parseAmzDate,
} from '../../signer/sigv4/index.ts';

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256';

/** The order of P-256 minus two: a derived candidate must not exceed it. */
const N_MINUS_TWO = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63254f');
const MAX_SKEW_MS = 15 * 60 * 1000;

export type SigV4aFailure =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'RequestExpired';

export class SigV4aError extends Error {
  readonly code: SigV4aFailure;
  constructor(code: SigV4aFailure, message: string) {
    super(message);
    this.code = code;
  }
}

/** The ECDSA P-256 private scalar SigV4A derives from an access key id and its secret. */
export function deriveSigV4aPrivateKey(accessKeyId: string, secretAccessKey: string): Buffer {
  const inputKey = Buffer.from(`AWS4A${secretAccessKey}`, 'utf8');
  for (let counter = 1; counter < 255; counter++) {
    const fixedInput = Buffer.concat([
      Buffer.from([0, 0, 0, 1]),
      Buffer.from(SIGV4A_ALGORITHM, 'utf8'),
      Buffer.from([0]),
      Buffer.from(accessKeyId, 'utf8'),
      Buffer.from([counter]),
      Buffer.from([0, 0, 1, 0]),
    ]);
    const candidate = createHmac('sha256', inputKey).update(fixedInput).digest();
    const value = BigInt(`0x${candidate.toString('hex')}`);
    if (value > N_MINUS_TWO) continue;
    return Buffer.from((value + 1n).toString(16).padStart(64, '0'), 'hex');
  }
  throw new Error('SigV4A key derivation exhausted its counter');
}

export function sigV4aPublicKey(privateKey: Buffer): KeyObject {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  const point = ecdh.getPublicKey();
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
}

export type SigV4aRequest = {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: HeaderMap;
  readonly rawHeaders?: readonly string[];
  readonly body: Buffer;
};

/** Checks the Authorization header; returns the access key id, or throws SigV4aError. */
export function verifySigV4aRequest(
  request: SigV4aRequest,
  options: {
    readonly service: string;
    readonly lookupSecret: (accessKeyId: string) => string | undefined;
    readonly now: Date;
  },
): string {
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || authorization === '')
    throw new SigV4aError('MissingAuthenticationToken', 'Missing Authentication Token');
  const match =
    /^AWS4-ECDSA-P256-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/.exec(
      authorization.trim(),
    );
  if (match === null)
    throw new SigV4aError(
      'IncompleteSignature',
      `Authorization header requires the ${SIGV4A_ALGORITHM} algorithm with Credential, SignedHeaders and Signature.`,
    );
  const [accessKeyId, date, service, terminator, ...rest] = match[1].split('/');
  if (rest.length > 0 || terminator !== 'aws4_request' || service !== options.service)
    throw new SigV4aError(
      'IncompleteSignature',
      `Credential should be scoped to <date>/${options.service}/aws4_request.`,
    );
  const amzDate = request.headers['x-amz-date'];
  const signedAt = typeof amzDate === 'string' ? parseAmzDate(amzDate) : undefined;
  if (signedAt === undefined || !amzDate?.toString().startsWith(date))
    throw new SigV4aError(
      'IncompleteSignature',
      'X-Amz-Date is missing or does not match the credential date.',
    );
  if (Math.abs(signedAt.getTime() - options.now.getTime()) > MAX_SKEW_MS)
    throw new SigV4aError(
      'RequestExpired',
      'Signature expired: the request time is too far from the server time.',
    );
  const secret = options.lookupSecret(accessKeyId);
  if (secret === undefined)
    throw new SigV4aError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  const signedHeaders = match[2].split(';');
  const payloadHash = sha256Hex(request.body);
  const claimed = request.headers['x-amz-content-sha256'];
  if (typeof claimed === 'string' && claimed !== payloadHash)
    throw new SigV4aError('InvalidSignatureException', 'The body does not match x-amz-content-sha256.');
  // Services other than S3 sign each path segment encoded once more (`%3A` → `%253A`).
  const canonicalPath = request.rawPath.split('/').map(encodeRfc3986).join('/');
  const canonical = buildCanonicalRequest({
    method: request.method,
    rawPath: canonicalPath,
    rawQuery: request.rawQuery,
    headers: request.headers,
    rawHeaders: request.rawHeaders,
    signedHeaders,
    payloadHash,
  });
  const stringToSign = `${SIGV4A_ALGORITHM}\n${amzDate}\n${date}/${service}/aws4_request\n${sha256Hex(canonical)}`;
  const publicKey = sigV4aPublicKey(deriveSigV4aPrivateKey(accessKeyId, secret));
  const valid = verify(
    'sha256',
    Buffer.from(stringToSign, 'utf8'),
    { key: publicKey, dsaEncoding: 'der' },
    Buffer.from(match[3], 'hex'),
  );
  if (!valid)
    throw new SigV4aError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
    );
  return accessKeyId;
}
