// Root cause of a request the edge's signed-access stage refused: a bad signature, or a missing one traced
// back to the cookie the browser refused to store or declined to attach, or a policy Resource that does
// not cover the requested URL (AWS: "Serve private content with signed URLs and signed cookies").

import type { CookieRejection, CookieWithheld } from '../browser/browser-cookie-jar.ts';
import { getHeader } from '../browser/header-list.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import type { Cause, RootCauseCode } from './doctor-report.ts';
import { describeResourceMismatch, findResourceMismatch } from './find-resource-mismatch.ts';

const SIGNED_COOKIE = /^CloudFront-(Policy|Signature|Key-Pair-Id|Expires|Hash-Algorithm)$/;

/** Root cause of a request refused by the edge's signed-access stage. */
export function findSignatureCause(
  obs: DoctorObservation,
  exchange: HttpExchange,
  errorCode: string,
  message: string,
): Cause {
  const evidence = exchange.trace?.signedAccess !== undefined ? 'trace' : 'response';
  if (errorCode !== 'MissingKey') {
    const detail = exchange.trace?.signedAccess?.detail;
    // Only when the edge's own reason (if traced) is the Resource: an expired or badly signed policy
    // may have a mismatching Resource too, but that is not why it was refused.
    const mismatch =
      detail === undefined || detail.includes('Resource')
        ? findResourceMismatch(obs.url, obs.cookies.sent)
        : undefined;
    if (mismatch !== undefined)
      return {
        code: 'signed-resource-mismatch',
        stage: 'signed-access',
        explanation: `CloudFront refused the signature: 403 ${errorCode} (${message}). ${describeResourceMismatch(mismatch)}`,
        evidence,
      };
    return {
      code: 'signature-invalid',
      stage: 'signed-access',
      explanation: `CloudFront refused the signature: 403 ${errorCode} (${message})${detail ? ` — ${detail}` : ''}.`,
      evidence,
    };
  }
  const cookieCause = rejectionCause(obs.backend?.rejected ?? []) ?? withheldCause(obs.cookies.withheld);
  if (cookieCause !== undefined) return cookieCause;
  return {
    code: 'signature-missing',
    stage: 'signed-access',
    explanation: `The request carried no CloudFront-Key-Pair-Id cookie or Key-Pair-Id parameter, so the behavior answered 403 MissingKey${getHeader(exchange.headers, 'access-control-allow-origin') === undefined ? ' without CORS headers — the page sees a CORS error, not the 403' : ''}.`,
    evidence,
  };
}

function rejectionCause(rejections: readonly CookieRejection[]): Cause | undefined {
  const signed = rejections.filter((r) => SIGNED_COOKIE.test(r.name));
  const first = signed[0] ?? rejections[0];
  if (first === undefined) return undefined;
  const explanation = `The browser refused the ${first.name} cookie from the backend: ${first.reason}. Without it the CDN request carries no signature.`;
  switch (first.code) {
    case 'invalid-domain':
    case 'public-suffix-domain':
      return {
        code: 'cookie-rejected-domain',
        stage: 'backend-cookies',
        explanation,
        evidence: 'browser-model',
      };
    case 'secure-over-http':
      return {
        code: 'cookie-secure-over-http',
        stage: 'backend-cookies',
        explanation,
        evidence: 'browser-model',
      };
    case 'credentials-not-included':
      return {
        code: 'credentials-not-included',
        stage: 'backend-cookies',
        explanation,
        evidence: 'browser-model',
      };
    default:
      return {
        code: 'cookie-rejected-samesite',
        stage: 'backend-cookies',
        explanation,
        evidence: 'browser-model',
      };
  }
}

function withheldCause(withheld: readonly CookieWithheld[]): Cause | undefined {
  const first = withheld.find((w) => SIGNED_COOKIE.test(w.name)) ?? withheld[0];
  if (first === undefined) return undefined;
  const explanation = `The browser holds ${first.name} but does not attach it: ${first.reason}.`;
  const code: RootCauseCode | undefined =
    first.code === 'samesite-cross-site'
      ? 'cookie-not-sent-samesite'
      : first.code === 'secure-over-http'
        ? 'cookie-secure-over-http'
        : first.code === 'credentials-not-included'
          ? 'credentials-not-included'
          : first.code === 'domain-mismatch' || first.code === 'path-mismatch'
            ? 'cookie-not-sent-scope'
            : undefined;
  return code === undefined
    ? undefined
    : { code, stage: 'cookie-selection', explanation, evidence: 'browser-model' };
}
