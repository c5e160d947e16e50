// Root cause of a non-2xx actual response: a method the behavior does not allow, a refused signature,
// the S3 origin refusing the edge, or a plain HTTP error.

import { describeExchange } from './describe-exchange.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import type { Cause } from './doctor-report.ts';
import { findSignatureCause } from './find-signature-cause.ts';
import { readErrorDocument, SIGNATURE_ERROR_CODES } from './read-error-document.ts';

/** Root cause for a non-2xx actual response. */
export function findStatusCause(obs: DoctorObservation, exchange: HttpExchange): Cause {
  const doc = readErrorDocument(exchange.bodyText);
  const trace = exchange.trace;
  if (trace?.methodAllowed === false || (doc.kind === 'cloudfront-html' && doc.methodNotAllowed)) {
    return {
      code: 'method-not-allowed',
      stage: 'edge-behavior',
      explanation: `${obs.method} is not an allowed method of the matched behavior: CloudFront's 403 HTML page.`,
      evidence: trace ? 'trace' : 'response',
    };
  }
  if (doc.kind === 'cloudfront-xml' && SIGNATURE_ERROR_CODES.has(doc.code)) {
    return findSignatureCause(obs, exchange, doc.code, doc.message);
  }
  if (trace?.signedAccess?.kind === 'denied') {
    return findSignatureCause(
      obs,
      exchange,
      trace.signedAccess.code ?? 'AccessDenied',
      trace.signedAccess.detail ?? '',
    );
  }
  if (doc.kind === 's3-xml' && exchange.status === 403) {
    return {
      code: 'origin-access-denied',
      stage: 'origin-request',
      explanation: `The origin (S3) refused the edge: ${exchange.status} ${doc.code} (${doc.message}).`,
      evidence: trace ? 'trace' : 'response',
    };
  }
  return {
    code: 'http-error',
    stage: 'response',
    explanation: `The server answered ${describeExchange(exchange)}.`,
    evidence: 'response',
  };
}
