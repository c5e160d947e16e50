// Root cause of a preflight (OPTIONS) that failed the browser's check: a behavior that does not allow
// OPTIONS, a signed behavior (preflights carry no cookies), a CloudFront function that removed Origin or a
// CORS header, an origin that never saw Origin, or S3's CORS.

import type { PreflightCheckResult } from '../browser/check-preflight-response.ts';
import { describeExchange, isCacheHit } from './describe-exchange.ts';
import { functionCause } from './find-cors-cause.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import type { Cause, RootCause } from './doctor-report.ts';
import { readErrorDocument, SIGNATURE_ERROR_CODES } from './read-error-document.ts';

export function findPreflightCause(
  obs: DoctorObservation,
  exchange: HttpExchange,
  check: PreflightCheckResult,
): Cause {
  const doc = readErrorDocument(exchange.bodyText);
  const trace = exchange.trace;
  const evidence: RootCause['evidence'] = trace !== undefined ? 'trace' : 'response';
  if (trace?.methodAllowed === false || (doc.kind === 'cloudfront-html' && doc.methodNotAllowed)) {
    return {
      code: 'options-not-allowed',
      stage: 'edge-behavior',
      explanation: `The preflight (OPTIONS) is not an allowed method of the matched behavior, so CloudFront answered its 403 HTML page; response headers policies never answer preflights at the edge (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").`,
      evidence,
    };
  }
  if (
    (doc.kind === 'cloudfront-xml' && SIGNATURE_ERROR_CODES.has(doc.code)) ||
    trace?.signedAccess?.kind === 'denied'
  ) {
    return {
      code: 'preflight-to-signed-behavior',
      stage: 'signed-access',
      explanation: `The request needs a preflight (${describePreflightReasons(obs)}); browsers send no cookies on preflights, so the signed behavior answered the OPTIONS with 403 ${doc.kind === 'cloudfront-xml' ? doc.code : (trace?.signedAccess?.code ?? 'MissingKey')}.`,
      evidence,
    };
  }
  const changed = trace === undefined ? undefined : functionCause(trace, isCacheHit(exchange));
  if (changed !== undefined) return changed;
  if (doc.kind === 's3-xml' && /Origin request header needed/i.test(doc.message)) {
    return {
      code: 'origin-not-forwarded',
      stage: 'origin-request',
      explanation: `S3 received the preflight without Origin (400 ${doc.code}: ${doc.message}): the behavior does not forward Origin and Access-Control-Request-* to the origin.`,
      evidence,
    };
  }
  if (doc.kind === 's3-xml' && /CORSResponse/.test(doc.message)) {
    return {
      code: 's3-cors-no-matching-rule',
      stage: 'origin-cors',
      explanation: `S3 refused the preflight: ${exchange.status} ${doc.code} "${doc.message}".`,
      evidence,
    };
  }
  return {
    code: 'preflight-rejected',
    stage: 'preflight',
    explanation: `The preflight failed the browser's check (${check.kind === 'failed' ? check.code : 'unknown'}): ${describeExchange(exchange)}.`,
    evidence,
  };
}

export function describePreflightReasons(obs: DoctorObservation): string {
  if (obs.preflight.kind !== 'preflight') return 'none';
  return obs.preflight.reasons
    .map((r) =>
      r.kind === 'method' ? `method ${r.method} is not CORS-safelisted` : `header ${r.name}: ${r.why}`,
    )
    .join('; ');
}
