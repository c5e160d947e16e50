// Lint rules for one behavior's CORS path (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings", "Control origin requests with a policy"; AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)"): is Origin
// forwarded to an S3 origin with CORS rules, is it in the cache key, and what would each page's credentialed
// GET see through the bucket's rules and the response headers policy.

import type { CorsRule } from '../../cors/index.ts';
import { decideResponseHeadersPolicyCors, evaluateS3Cors } from '../../cors/index.ts';
import type { CompiledBehavior } from '../../edge/distribution/index.ts';
import { checkCorsResponse } from '../browser/check-cors-response.ts';
import type { LintContext } from './lint-context.ts';

/** What the CORS rules need to know about a behavior's origin. */
export type BehaviorOriginCors = {
  /** The S3 bucket behind the behavior, undefined for custom origins. */
  readonly bucket: string | undefined;
  /** Its CORS rules (`null`: none configured); undefined when the bucket is unknown. */
  readonly rules: readonly CorsRule[] | null | undefined;
  /** Where the rules were read, named by findings about them: `s3.buckets[<name>].cors` or an S3 endpoint. */
  readonly source?: string;
};

/** Headers the edge sends to the origin: cache-key headers plus the origin request policy's (AWS: "Control origin requests with a policy"). */
export function forwardsHeader(behavior: CompiledBehavior, name: string): boolean {
  const cp = behavior.cachePolicy.headers;
  if (cp.behavior === 'allViewer' || (cp.behavior === 'whitelist' && cp.names.includes(name))) return true;
  const orp = behavior.originRequestPolicy?.headers;
  if (orp === undefined) return false;
  switch (orp.behavior) {
    case 'allViewer':
    case 'allViewerAndWhitelistCloudFront':
      return true;
    case 'allExcept':
      return !orp.names.includes(name);
    case 'whitelist':
      return orp.names.includes(name);
    default:
      return false;
  }
}

export function inCacheKey(behavior: CompiledBehavior, name: string): boolean {
  const cp = behavior.cachePolicy.headers;
  return cp.behavior === 'allViewer' || (cp.behavior === 'whitelist' && cp.names.includes(name));
}

export function lintBehaviorCors(
  context: LintContext,
  behavior: CompiledBehavior,
  path: string,
  originCors: BehaviorOriginCors,
): void {
  const { bucket, rules } = originCors;
  const { add, fixFor, pageOrigins } = context;
  const cors = behavior.responseHeadersPolicy?.cors;
  const originForwarded = forwardsHeader(behavior, 'origin');
  const originKeyed = inCacheKey(behavior, 'origin');
  const rhpPath = `${path}.ResponseHeadersPolicyId`;

  if (!originForwarded && bucket !== undefined && rules !== undefined && rules !== null && rules.length > 0) {
    add(
      'origin-not-forwarded',
      'error',
      `${path}.CachePolicyId`,
      `The S3 origin ${bucket} has CORS rules, but ${behavior.cachePolicy.name} ${behavior.originRequestPolicy ? `with ${behavior.originRequestPolicy.name}` : 'without an origin request policy'} never sends Origin to it, so S3 never answers with CORS headers (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").`,
      fixFor('origin-not-forwarded', behavior),
    );
  }
  const echoingRules = rules?.some((r) => r.AllowedOrigins.some((o) => o !== '*')) === true;
  if (originForwarded && !originKeyed && (echoingRules || pageOrigins.length > 1)) {
    const several = pageOrigins.length > 1;
    add(
      'origin-not-in-cache-key',
      several ? 'warning' : 'info',
      `${path}.CachePolicyId`,
      `Origin reaches the origin (${behavior.originRequestPolicy?.name ?? 'origin request policy'}) but is not in the cache key of ${behavior.cachePolicy.name}: the first cached variant wins for every origin${several ? ` — ${pageOrigins.join(' and ')} will receive each other's Access-Control-Allow-Origin` : ', and a request without Origin caches a response without CORS headers'} (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").`,
      fixFor('origin-not-in-cache-key', behavior),
    );
  }
  if (cors?.allowCredentials && cors.allowHeaders.includes('*')) {
    add(
      'allow-headers-wildcard-with-credentials',
      'error',
      rhpPath,
      `${behavior.responseHeadersPolicy?.name}: AccessControlAllowHeaders * together with AccessControlAllowCredentials true — the API refuses it, and browsers read * literally on credentialed preflights.`,
      'List the request headers explicitly in AccessControlAllowHeaders.',
    );
  }
  for (const pageOrigin of pageOrigins) lintPredictedGet(context, behavior, path, originCors, pageOrigin);
}

/** Predicts a page's credentialed GET through origin CORS and the response headers policy. */
function lintPredictedGet(
  context: LintContext,
  behavior: CompiledBehavior,
  path: string,
  { bucket, rules, source }: BehaviorOriginCors,
  pageOrigin: string,
): void {
  const { add, fixFor, cdnOrigin } = context;
  const credentialed = behavior.requiresSignature;
  const originForwarded = forwardsHeader(behavior, 'origin');
  const rhpPath = `${path}.ResponseHeadersPolicyId`;
  const check = checkCorsResponse({
    url: `${cdnOrigin}/`,
    requestOrigin: pageOrigin,
    credentialsMode: credentialed ? 'include' : 'omit',
    status: 200,
    headers: predictResponseHeaders(behavior, { bucket, rules }, pageOrigin, originForwarded),
  });
  if (check.kind === 'ok') return;
  if (check.code === 'wildcard-with-credentials') {
    add(
      'wildcard-with-credentials',
      'error',
      rhpPath,
      `${behavior.responseHeadersPolicy?.name ?? 'The response'} answers Access-Control-Allow-Origin: * ${originForwarded ? '' : '(the origin sends nothing, Origin is not forwarded) '}while the behavior trusts key groups, so pages fetch it with credentials (signed cookies): the browser refuses * (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").`,
      fixFor('wildcard-with-credentials', behavior, pageOrigin),
    );
  } else if (check.code === 'no-acao') {
    const s3Fault = originForwarded && rules !== undefined;
    add(
      s3Fault ? 's3-cors-no-matching-rule' : 'cors-headers-missing',
      'error',
      s3Fault ? (source ?? `s3.buckets[${bucket}].cors`) : path,
      `A GET from ${pageOrigin} gets no Access-Control-Allow-Origin: ${s3Fault ? (rules === null ? `bucket ${bucket} has no CORS configuration` : `no CORSRule of ${bucket} matches ${pageOrigin} GET`) : 'no response headers policy with CORS and no origin CORS headers'}.`,
      fixFor(s3Fault ? 's3-cors-no-matching-rule' : 'cors-headers-missing', behavior, pageOrigin),
    );
  } else if (check.code === 'acac-not-true') {
    add(
      'credentials-not-allowed',
      'error',
      rhpPath,
      `${pageOrigin} is allowed but without Access-Control-Allow-Credentials: true, and signed behaviors need credentials.`,
      fixFor('credentials-not-allowed', behavior, pageOrigin),
    );
  }
}

/** The CORS headers a GET from `pageOrigin` gets: the bucket's answer, then the response headers policy's. */
function predictResponseHeaders(
  behavior: CompiledBehavior,
  { bucket, rules }: BehaviorOriginCors,
  pageOrigin: string,
  originForwarded: boolean,
): Record<string, string> {
  const cors = behavior.responseHeadersPolicy?.cors;
  const sent = originForwarded ? pageOrigin : undefined;
  let originHeaders: [string, string][] = [];
  if (bucket !== undefined && rules !== undefined) {
    const decision = evaluateS3Cors({
      method: 'GET',
      origin: sent,
      isPreflight: false,
      bucketExists: true,
      rules,
      resourceType: 'OBJECT',
    });
    if (decision.kind === 'headers') originHeaders = decision.headers;
  }
  const headers = new Map(originHeaders.map(([n, v]) => [n.toLowerCase(), v]));
  if (cors !== undefined) {
    for (const h of decideResponseHeadersPolicyCors(cors, { method: 'GET', origin: pageOrigin })) {
      const name = h.name.toLowerCase();
      if (h.override || !headers.has(name)) headers.set(name, h.value);
    }
  }
  return Object.fromEntries(headers);
}
