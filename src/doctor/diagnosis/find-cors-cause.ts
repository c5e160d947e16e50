// Root cause of a 2xx whose CORS headers fail the browser's check. With an edge trace it separates an
// origin that never saw Origin, a stale cache entry, Origin missing from the cache key, a bucket without a
// matching CORSRule and a policy overriding the origin's answer; without one it reads the response alone.

import type { CorsCheckResult } from '../browser/check-cors-response.ts';
import { isCacheHit } from './describe-exchange.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import type { Cause } from './doctor-report.ts';
import type { EdgeTraceView } from './edge-trace-view.ts';

/** Whether Origin is part of this request's cache key (per trace); undefined when unknown. */
function originInCacheKey(trace: EdgeTraceView | undefined): boolean | undefined {
  return trace?.cache === undefined ? undefined : trace.cache.keyHeaders.includes('origin');
}

type FailedCorsCheck = CorsCheckResult & { kind: 'failed' };

/** Root cause for a 2xx whose CORS headers fail the browser check. */
export function findCorsCause(obs: DoctorObservation, exchange: HttpExchange, check: FailedCorsCheck): Cause {
  const trace = exchange.trace;
  const hit = isCacheHit(exchange);
  const found = trace === undefined ? untracedCacheCause(hit, check) : tracedCorsCause(trace, hit, check);
  return found ?? responseCorsCause(obs, exchange, check, hit);
}

/** What the edge trace shows: a function's change, the origin request, the cache entry, the origin's answer. */
function tracedCorsCause(trace: EdgeTraceView, hit: boolean, check: FailedCorsCheck): Cause | undefined {
  const changed = functionCause(trace, hit);
  if (changed !== undefined) return changed;
  const originHeaders = trace.originRequestHeaders;
  if (!hit && originHeaders !== undefined && originHeaders.origin === undefined) {
    return {
      code: 'origin-not-forwarded',
      stage: 'origin-request',
      explanation: `The edge sent the request to the origin without the viewer's Origin header (the behavior's cache policy and origin request policy do not select it), so the origin answered without CORS headers${check.code === 'wildcard-with-credentials' ? '; the response headers policy then added Access-Control-Allow-Origin: *, which a credentialed request cannot use' : ''}.`,
      evidence: 'trace',
    };
  }
  return cacheHitCause(trace, hit, check) ?? originCorsCause(trace, check);
}

/** A viewer-request function that removed Origin, or a viewer-response function that removed/changed CORS headers. */
export function functionCause(trace: EdgeTraceView, hit: boolean): Cause | undefined {
  const change = (trace.functionChanges ?? []).find(
    // A removed Origin matters only when the request went on to the origin.
    (c) => c.eventType === 'viewer-response' || !hit,
  );
  if (change === undefined) return undefined;
  const what =
    change.after === undefined
      ? `removed ${change.header}: ${change.before}`
      : `changed ${change.header} from ${change.before} to ${change.after}`;
  const consequence =
    change.eventType === 'viewer-request'
      ? 'so the origin never saw the page origin and answered without CORS headers'
      : 'so the browser got the response without the CORS headers the edge had produced';
  return {
    code: 'function-removed-header',
    stage: 'cloudfront-function',
    explanation: `The ${change.eventType} CloudFront function "${change.functionName}" ${what}, ${consequence}.`,
    evidence: 'trace',
  };
}

function cacheHitCause(trace: EdgeTraceView, hit: boolean, check: FailedCorsCheck): Cause | undefined {
  const stored = trace.cache?.storedConfigEtag;
  const current = trace.configEtag;
  if (hit && stored !== undefined && current !== undefined) {
    // The edge says which config the entry was stored under (AWS: "Invalidate files to remove content": a config change does not purge).
    if (stored !== current) {
      return {
        code: 'stale-cache',
        stage: 'cache',
        explanation: `The response is a cache hit stored ${trace.cache?.storedAt ? `at ${trace.cache.storedAt} ` : ''}under the distribution config ETag ${stored}; the config now in force is ${current}. CloudFront does not purge cached objects when the configuration changes, so the answer fetched under the old config (without usable CORS headers) is replayed until it expires or is invalidated.`,
        evidence: 'trace',
      };
    }
    if (originInCacheKey(trace) === false && trace.behavior?.originRequestPolicyId === undefined) {
      // Not in the cache key and no origin request policy: Origin never reaches the origin at all.
      return {
        code: 'origin-not-forwarded',
        stage: 'origin-request',
        explanation: `The response is a cache hit stored under the current config (ETag ${current}), fetched without the viewer's Origin: the cache policy ${trace.behavior?.cachePolicyId ?? ''} does not put Origin in the key and the behavior has no origin request policy, so the origin never sees Origin and answers without CORS headers${check.code === 'wildcard-with-credentials' ? '; the response headers policy then adds *, which a credentialed request cannot use' : ''}.`,
        evidence: 'trace',
      };
    }
    if (originInCacheKey(trace) === false) {
      return {
        code: 'origin-not-in-cache-key',
        stage: 'cache',
        explanation: `The response is a cache hit stored under the current config (ETag ${current}) by a request from another page origin (or without Origin)${check.code === 'acao-mismatch' ? `: it carries Access-Control-Allow-Origin: ${check.hint}` : ''}. Origin is not part of the cache key (cache policy ${trace.behavior?.cachePolicyId ?? 'unknown'}), so every page origin gets the first variant.`,
        evidence: 'trace',
      };
    }
  } else if (hit) {
    if (check.code === 'acao-mismatch') {
      return {
        code: 'origin-not-in-cache-key',
        stage: 'cache',
        explanation: `The cached response carries Access-Control-Allow-Origin: ${check.hint}, stored for another page origin; Origin is not part of the cache key, so every origin gets the first variant.`,
        evidence: 'trace',
      };
    }
    const keyed = originInCacheKey(trace);
    return {
      code: 'stale-cache',
      stage: 'cache',
      explanation:
        `The response is a cache hit without usable CORS headers: it was fetched from the origin earlier, when Origin was not forwarded (or by a request without Origin), and is replayed now` +
        (keyed === true
          ? ' — Origin is in the cache key, so this entry predates the configuration fix.'
          : ' — Origin is not in the cache key either, so even after an invalidation a request without Origin can store such a variant again (origin-not-in-cache-key).'),
      evidence: 'trace',
    };
  }
  return undefined;
}

function originCorsCause(trace: EdgeTraceView, check: FailedCorsCheck): Cause | undefined {
  const originHeaders = trace.originRequestHeaders;
  const originResponse = trace.originResponse;
  const originAcao = originResponse?.headers['access-control-allow-origin'];
  if (
    originHeaders?.origin !== undefined &&
    originResponse !== undefined &&
    originAcao === undefined &&
    check.code !== 'acao-mismatch'
  ) {
    return {
      code: 's3-cors-no-matching-rule',
      stage: 'origin-cors',
      explanation: `The origin received Origin: ${originHeaders.origin} but answered without Access-Control-Allow-Origin: no bucket CORSRule matches this origin and method${check.code === 'wildcard-with-credentials' ? '; the response headers policy then added *, which credentialed requests refuse' : ''}.`,
      evidence: 'trace',
    };
  }
  if (originAcao !== undefined && originAcao !== '*' && check.code === 'wildcard-with-credentials') {
    return {
      code: 'wildcard-with-credentials',
      stage: 'response-headers',
      explanation: `The origin echoed Access-Control-Allow-Origin: ${originAcao}, but the response headers policy overrides it with * (OriginOverride true); credentialed requests refuse *.`,
      evidence: 'trace',
    };
  }
  return undefined;
}

function untracedCacheCause(hit: boolean, check: FailedCorsCheck): Cause | undefined {
  if (hit && check.code === 'acao-mismatch') {
    return {
      code: 'origin-not-in-cache-key',
      stage: 'cache',
      explanation: `A cache hit carries Access-Control-Allow-Origin: ${check.hint}, another origin's answer: Origin is not in the cache key.`,
      evidence: 'response',
    };
  }
  return undefined;
}

/** Without trace evidence (or when it explains nothing): what the response itself says. */
function responseCorsCause(
  obs: DoctorObservation,
  exchange: HttpExchange,
  check: FailedCorsCheck,
  hit: boolean,
): Cause {
  switch (check.code) {
    case 'wildcard-with-credentials':
      return {
        code: 'wildcard-with-credentials',
        stage: 'response-headers',
        explanation: `The response says Access-Control-Allow-Origin: * and the request is credentialed (credentials: '${obs.credentialsMode}'${obs.cookies.sent.length > 0 ? ', signed cookies attached' : ''}); Fetch forbids * with credentials. Behind CloudFront this is typically a managed CORS response headers policy (SimpleCORS / CORS-With-Preflight) adding * because the origin sent no CORS headers${hit ? ' (this was a cache hit: an invalidation may be needed after fixing)' : ''}.`,
        evidence: 'response',
      };
    case 'no-acao':
      return {
        code: 'cors-headers-missing',
        stage: 'origin-cors',
        explanation: `The ${exchange.status} response has no Access-Control-Allow-Origin: neither the origin (Origin forwarded? bucket CORSRule?) nor a response headers policy added one${hit ? '; it was a cache hit, possibly stored before a fix' : ''}.`,
        evidence: 'response',
      };
    case 'acac-not-true':
      return {
        code: 'credentials-not-allowed',
        stage: 'response-headers',
        explanation: `The response allows ${obs.pageOrigin} but not credentials (Access-Control-Allow-Credentials is '${check.hint}').`,
        evidence: 'response',
      };
    default:
      return {
        code: 'acao-mismatch',
        stage: 'browser-cors-check',
        explanation: `Access-Control-Allow-Origin is '${check.hint}', which does not equal ${obs.pageOrigin}.`,
        evidence: 'response',
      };
  }
}
