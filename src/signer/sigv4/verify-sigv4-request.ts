// Verifies a request's SigV4 signature, Authorization-header or presigned-query form (AWS: "Authenticating Requests (AWS Signature Version 4) (Amazon S3 API Reference)"):
// a pure decision over method, raw target and headers. Body integrity is checked later, while the body
// streams, by createPayloadDecoder with the `payload` and `chunkSigning` this returns.

import { headerValue, headerValues } from './canonical-request.ts';
import { parsePayloadMode } from './payload-mode.ts';
import { MESSAGES, SigV4Error } from './sigv4-error.ts';
import { verifyHeaderForm } from './verify-header-form.ts';
import type { SigV4Request, SigV4Verdict, VerifySigV4Options } from './sigv4-types.ts';
import { queryParams, SIGNATURE_PARAM, verifyQueryForm } from './verify-query-form.ts';

export type {
  ChunkSigningContext,
  SigV4Request,
  SigV4Verdict,
  VerifySigV4Options,
} from './sigv4-types.ts';

/**
 * Authenticates a request. Returns `anonymous` when it carries no authentication at all, `authenticated`
 * when the signature verifies; throws SigV4Error (S3 code, message, status, XML fields) otherwise.
 */
export function verifySigV4Request(request: SigV4Request, options: VerifySigV4Options): SigV4Verdict {
  // node keeps only the first of two Authorization fields; S3 sees both, read here as one list (RFC 9110 §5.3),
  // which the strict component parser then refuses (docs/decisions/sigv4-verification-choices.md).
  const authorizations = headerValues(request.headers, 'authorization', request.rawHeaders);
  const authorization = authorizations.length > 0 ? authorizations.join(', ') : undefined;
  const params = queryParams(request.rawQuery);
  const hasQueryAuth =
    params.has('X-Amz-Algorithm') || params.has('X-Amz-Credential') || params.has(SIGNATURE_PARAM);
  const hasV2QueryAuth = params.has('AWSAccessKeyId') && params.has('Signature');
  if (authorization !== undefined && (hasQueryAuth || hasV2QueryAuth)) {
    throw new SigV4Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string ' +
        'parameter or the Authorization header should be specified',
      [
        ['ArgumentName', 'Authorization'],
        ['ArgumentValue', authorization],
      ],
    );
  }
  if (authorization !== undefined) return verifyHeaderForm(request, authorization, options);
  if (hasQueryAuth) return verifyQueryForm(request, params, options);
  if (hasV2QueryAuth) throw new SigV4Error('InvalidRequest', MESSAGES.unsupportedMechanism);
  const contentSha256 = headerValue(request.headers, 'x-amz-content-sha256')?.trim();
  return { kind: 'anonymous', payload: parsePayloadMode(contentSha256, request.headers, false) };
}
