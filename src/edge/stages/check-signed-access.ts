// Stage 3 — check signed access: on behaviors with trusted key groups, ask the signer's verifier (signed
// URL parameters first, else `CloudFront-*` cookies, AWS: "Serve private content with signed URLs and signed cookies"); a denial is CloudFront's 403 text/xml.
// Signing parameters and `CloudFront-*` cookies are dropped here so they reach neither the cache key
// nor the origin (AWS: "Serve private content with signed URLs and signed cookies", docs/decisions/).

import type { SignedAccessDecision, SignedRequestInput } from '../../signer/index.ts';
import { signatureErrorResponse } from '../responses/signature-error-response.ts';
import type { MatchedRequest } from './match-behavior.ts';
import type { StageResult } from './receive.ts';

/** The signer's decider as the edge calls it; the signature cache is bound when the edge is built. */
export type SignedAccessVerifier = (
  input: Omit<SignedRequestInput, 'signatureCache'>,
) => SignedAccessDecision;

export type AuthorizedRequest = MatchedRequest & {
  /** Query and cookies as they may enter the cache key and the origin request. */
  readonly forwardableQuery: MatchedRequest['query'];
  readonly forwardableCookies: MatchedRequest['cookies'];
};

const SIGNING_PARAMS: ReadonlySet<string> = new Set([
  'Expires',
  'Key-Pair-Id',
  'Policy',
  'Signature',
  'Hash-Algorithm',
]);

/** Query and cookies minus the signing parameters and `CloudFront-*` cookies (also after a viewer-request function). */
export function withoutSigningParts(
  query: MatchedRequest['query'],
  cookies: MatchedRequest['cookies'],
): Pick<AuthorizedRequest, 'forwardableQuery' | 'forwardableCookies'> {
  return {
    forwardableQuery: query.filter((p) => !SIGNING_PARAMS.has(p.name)),
    forwardableCookies: cookies.filter(([name]) => !name.startsWith('CloudFront-')),
  };
}

export function checkSignedAccess(
  req: MatchedRequest,
  verify: SignedAccessVerifier,
  now: Date,
): StageResult<AuthorizedRequest> {
  const behavior = req.behavior;
  if (!behavior.requiresSignature) {
    req.trace?.add({ stage: 'check-signed-access', required: false, decision: 'not-required' });
    return {
      kind: 'continue',
      value: { ...req, forwardableQuery: req.query, forwardableCookies: req.cookies },
    };
  }
  const decision = verify({
    scheme: req.viewer.scheme,
    host: req.hostHeader,
    rawPath: req.rawPath,
    rawQuery: req.rawQuery,
    cookies: new Map(req.cookies),
    clientIp: req.viewer.clientIp,
    now,
    trustedKeys: behavior.trustedKeys,
  });
  if (decision.kind === 'denied') {
    req.trace?.add({
      stage: 'check-signed-access',
      required: true,
      decision: 'denied',
      code: decision.code,
      message: decision.message,
      detail: decision.detail,
    });
    return { kind: 'respond', response: signatureErrorResponse(decision.code, decision.message) };
  }
  req.trace?.add({ stage: 'check-signed-access', required: true, decision: 'allowed', detail: decision });
  return {
    kind: 'continue',
    value: {
      ...req,
      ...withoutSigningParts(req.query, req.cookies),
    },
  };
}
