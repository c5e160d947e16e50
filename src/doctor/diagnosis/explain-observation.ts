// Turns what the doctor saw into a report: the browser's verdict (via the browser model), each stage of the
// chain, and the ROOT cause — the first stage that went wrong, not the symptom the console shows — with the
// fix. Pure: no I/O; the request runner and the browser tests both feed it.

import type { CookieRejection, CookieWithheld } from '../browser/browser-cookie-jar.ts';
import { checkCorsResponse } from '../browser/check-cors-response.ts';
import type { CorsCheckResult } from '../browser/check-cors-response.ts';
import { checkPreflightResponse } from '../browser/check-preflight-response.ts';
import type { PreflightCheckResult } from '../browser/check-preflight-response.ts';
import { getHeader } from '../browser/header-list.ts';
import { serializeOrigin } from '../browser/schemeful-site.ts';
import { describeFix } from './describe-fix.ts';
import type { FixContext } from './describe-fix.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import type {
  DoctorReport,
  DoctorStage,
  PageSees,
  RootCause,
  RootCauseCode,
  StageName,
} from './doctor-report.ts';
import type { EdgeTraceView } from './edge-trace-view.ts';
import { readErrorDocument, SIGNATURE_ERROR_CODES } from './read-error-document.ts';

const SIGNED_COOKIE = /^CloudFront-(Policy|Signature|Key-Pair-Id|Expires|Hash-Algorithm)$/;

type Cause = { code: RootCauseCode; stage: StageName; explanation: string; evidence: RootCause['evidence'] };

function isOkStatus(status: number): boolean {
  return (status >= 200 && status <= 299) || status === 304;
}

function describeExchange(exchange: HttpExchange): string {
  const doc = readErrorDocument(exchange.bodyText);
  const xCache = getHeader(exchange.headers, 'x-cache');
  const parts = [`${exchange.status}`];
  if (doc.kind === 'cloudfront-xml' || doc.kind === 's3-xml') parts.push(`${doc.code} (${doc.message})`);
  if (doc.kind === 'cloudfront-html')
    parts.push(
      doc.methodNotAllowed ? 'CloudFront HTML 403: method not allowed' : 'CloudFront HTML error page',
    );
  if (xCache !== undefined) parts.push(`X-Cache: ${xCache}`);
  const acao = getHeader(exchange.headers, 'access-control-allow-origin');
  parts.push(acao === undefined ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${acao}`);
  return parts.join(', ');
}

function isCacheHit(exchange: HttpExchange): boolean {
  const result = exchange.trace?.cache?.result ?? getHeader(exchange.headers, 'x-cache') ?? '';
  return /hit/i.test(result) && !/miss/i.test(result);
}

/** Whether Origin is part of this request's cache key (per trace); undefined when unknown. */
function originInCacheKey(trace: EdgeTraceView | undefined): boolean | undefined {
  return trace?.cache === undefined ? undefined : trace.cache.keyHeaders.includes('origin');
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

/** Root cause of a request refused by the edge's signed-access stage. */
function signatureCause(
  obs: DoctorObservation,
  exchange: HttpExchange,
  errorCode: string,
  message: string,
): Cause {
  const evidence = exchange.trace?.signedAccess !== undefined ? 'trace' : 'response';
  if (errorCode !== 'MissingKey') {
    const detail = exchange.trace?.signedAccess?.detail;
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

function preflightCause(obs: DoctorObservation, exchange: HttpExchange, check: PreflightCheckResult): Cause {
  const doc = readErrorDocument(exchange.bodyText);
  const trace = exchange.trace;
  const evidence: RootCause['evidence'] = trace !== undefined ? 'trace' : 'response';
  if (trace?.methodAllowed === false || (doc.kind === 'cloudfront-html' && doc.methodNotAllowed)) {
    return {
      code: 'options-not-allowed',
      stage: 'edge-behavior',
      explanation: `The preflight (OPTIONS) is not an allowed method of the matched behavior, so CloudFront answered its 403 HTML page; response headers policies never answer preflights at the edge (spec §6.3).`,
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

function describePreflightReasons(obs: DoctorObservation): string {
  if (obs.preflight.kind !== 'preflight') return 'none';
  return obs.preflight.reasons
    .map((r) =>
      r.kind === 'method' ? `method ${r.method} is not CORS-safelisted` : `header ${r.name}: ${r.why}`,
    )
    .join('; ');
}

/** Root cause for a 2xx whose CORS headers fail the browser check. */
function corsCause(
  obs: DoctorObservation,
  exchange: HttpExchange,
  check: CorsCheckResult & { kind: 'failed' },
): Cause {
  const trace = exchange.trace;
  const hit = isCacheHit(exchange);
  const originHeaders = trace?.originRequestHeaders;
  if (trace !== undefined) {
    if (!hit && originHeaders !== undefined && originHeaders.origin === undefined) {
      return {
        code: 'origin-not-forwarded',
        stage: 'origin-request',
        explanation: `The edge sent the request to the origin without the viewer's Origin header (the behavior's cache policy and origin request policy do not select it), so the origin answered without CORS headers${check.code === 'wildcard-with-credentials' ? '; the response headers policy then added Access-Control-Allow-Origin: *, which a credentialed request cannot use' : ''}.`,
        evidence: 'trace',
      };
    }
    const stored = trace.cache?.storedConfigEtag;
    const current = trace.configEtag;
    if (hit && stored !== undefined && current !== undefined) {
      // The edge says which config the entry was stored under (spec §8: a config change does not purge).
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
  } else if (hit && check.code === 'acao-mismatch') {
    return {
      code: 'origin-not-in-cache-key',
      stage: 'cache',
      explanation: `A cache hit carries Access-Control-Allow-Origin: ${check.hint}, another origin's answer: Origin is not in the cache key.`,
      evidence: 'response',
    };
  }
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

/** Root cause for a non-2xx actual response. */
function statusCause(obs: DoctorObservation, exchange: HttpExchange): Cause {
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
    return signatureCause(obs, exchange, doc.code, doc.message);
  }
  if (trace?.signedAccess?.kind === 'denied') {
    return signatureCause(
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

function traceStages(exchange: HttpExchange): DoctorStage[] {
  const trace = exchange.trace;
  if (trace === undefined) {
    return exchange.traceError === undefined
      ? []
      : [
          {
            name: 'edge-behavior',
            outcome: 'info',
            summary: `edge trace ${exchange.traceId ?? ''} unavailable: ${exchange.traceError}`,
          },
        ];
  }
  const stages: DoctorStage[] = [];
  const b = trace.behavior;
  if (b !== undefined) {
    stages.push({
      name: 'edge-behavior',
      outcome: b.outcome === 'matched' ? 'ok' : 'failed',
      summary: `${exchange.method} matched behavior ${b.pathPattern}${b.targetOriginId ? ` → origin ${b.targetOriginId}` : ''}${b.outcome === 'matched' ? '' : ` — ${b.outcome}`}`,
    });
  }
  if (trace.signedAccess !== undefined) {
    const s = trace.signedAccess;
    stages.push({
      name: 'signed-access',
      outcome: s.kind === 'denied' ? 'failed' : 'ok',
      summary:
        s.kind === 'not-required'
          ? 'no signature required'
          : `${s.kind}${s.code ? ` ${s.code}` : ''}${s.detail ? `: ${s.detail}` : ''}`,
    });
  }
  if (trace.cache !== undefined) {
    const c = trace.cache;
    const storedUnder =
      c.storedConfigEtag === undefined
        ? ''
        : `; entry stored${c.storedAt ? ` at ${c.storedAt}` : ''} under config ${c.storedConfigEtag}${trace.configEtag === undefined ? '' : c.storedConfigEtag === trace.configEtag ? ' (the current one)' : ` (now ${trace.configEtag})`}`;
    stages.push({
      name: 'cache',
      outcome:
        c.storedConfigEtag !== undefined &&
        trace.configEtag !== undefined &&
        c.storedConfigEtag !== trace.configEtag
          ? 'warning'
          : 'info',
      summary: `${c.result}; key headers: ${c.keyHeaders.length === 0 ? 'none' : c.keyHeaders.join(', ')}${c.key ? ` (key ${c.key})` : ''}${storedUnder}`,
    });
  }
  if (trace.originRequestHeaders !== undefined) {
    const origin = trace.originRequestHeaders.origin;
    stages.push({
      name: 'origin-request',
      outcome: origin === undefined ? 'warning' : 'ok',
      summary:
        origin === undefined
          ? 'sent to the origin WITHOUT Origin'
          : `sent to the origin with Origin: ${origin}`,
      details: { headers: trace.originRequestHeaders },
    });
  }
  if (trace.originResponse !== undefined) {
    const h = trace.originResponse.headers;
    const acao = h['access-control-allow-origin'];
    stages.push({
      name: 'origin-cors',
      outcome: acao === undefined ? 'warning' : 'ok',
      summary: `origin answered ${trace.originResponse.status}${acao === undefined ? ' without CORS headers' : ` with Access-Control-Allow-Origin: ${acao}${h['access-control-allow-credentials'] ? `, Access-Control-Allow-Credentials: ${h['access-control-allow-credentials']}` : ''}`}`,
    });
  }
  if (trace.responseHeaders !== undefined) {
    const r = trace.responseHeaders;
    const added = r.added.map(([n, v]) => `${n}: ${v}`).join(', ');
    stages.push({
      name: 'response-headers',
      outcome: 'info',
      summary: `policy ${r.policyId ?? 'none'}${added ? ` added ${added}` : ' added nothing'}${r.removed.length > 0 ? `; removed ${r.removed.join(', ')}` : ''}`,
    });
  }
  return stages;
}

export function explainObservation(obs: DoctorObservation): DoctorReport {
  const stages: DoctorStage[] = [];
  const crossOrigin = serializeOrigin(obs.url) !== obs.pageOrigin;
  let pageSees: PageSees | undefined;
  let cause: Cause | undefined;
  let traceId: string | undefined;
  let pathPattern: string | undefined;
  let distributionId: string | undefined;

  if (obs.backend !== undefined) {
    const b = obs.backend;
    if (b.outcome.kind === 'transport-error') {
      stages.push({
        name: 'backend-cookies',
        outcome: 'failed',
        summary: `backend ${b.url} unreachable: ${b.outcome.message}`,
      });
    } else {
      stages.push({
        name: 'backend-cookies',
        outcome: b.rejected.length > 0 ? 'failed' : 'ok',
        summary:
          `backend ${b.url} answered ${b.outcome.exchange.status}; stored ${b.stored.length} cookie(s)` +
          (b.rejected.length > 0
            ? `, refused ${b.rejected.map((r) => `${r.name} (${r.reason})`).join(', ')}`
            : ''),
        details: { stored: b.stored.map((c) => c.name), rejected: b.rejected },
      });
    }
  }
  stages.push({
    name: 'cookie-selection',
    outcome: obs.cookies.sent.length === 0 && obs.cookies.withheld.length > 0 ? 'warning' : 'ok',
    summary:
      obs.cookies.sent.length === 0
        ? `no cookies attached${obs.cookies.withheld.length > 0 ? ` (withheld: ${obs.cookies.withheld.map((w) => `${w.name}: ${w.reason}`).join('; ')})` : ''}`
        : `attaches ${obs.cookies.sent.map((c) => c.name).join(', ')}`,
    details: { sent: obs.cookies.sent.map((c) => c.name), withheld: obs.cookies.withheld },
  });

  if (obs.preflight.kind === 'type-error') {
    pageSees = { kind: 'network-error', detail: `TypeError: ${obs.preflight.why}` };
    cause = {
      code: 'http-error',
      stage: 'preflight',
      explanation: obs.preflight.why,
      evidence: 'browser-model',
    };
  } else if (obs.preflight.kind === 'preflight' && crossOrigin) {
    const outcome = obs.preflightOutcome;
    if (outcome === undefined || outcome.kind === 'transport-error') {
      const message = outcome?.kind === 'transport-error' ? outcome.message : 'not sent';
      stages.push({ name: 'preflight', outcome: 'failed', summary: `preflight failed: ${message}` });
      pageSees = { kind: 'network-error', detail: message };
      cause = {
        code: 'network-error',
        stage: 'preflight',
        explanation: `The preflight did not get an answer: ${message}.`,
        evidence: 'response',
      };
    } else {
      const exchange = outcome.exchange;
      traceId ??= exchange.traceId;
      pathPattern ??= exchange.trace?.behavior?.pathPattern;
      distributionId ??= exchange.trace?.distributionId;
      stages.push(...traceStages(exchange));
      const check = checkPreflightResponse({
        url: obs.url,
        requestOrigin: obs.pageOrigin,
        credentialsMode: obs.credentialsMode,
        status: exchange.status,
        headers: exchange.headers,
        method: obs.method,
        requestHeaders: obs.authorHeaders,
      });
      stages.push({
        name: 'preflight',
        outcome: check.kind === 'ok' ? 'ok' : 'failed',
        summary: `OPTIONS (${describePreflightReasons(obs)}) → ${describeExchange(exchange)}${check.kind === 'failed' ? ` — ${check.code}` : ''}`,
      });
      if (check.kind === 'failed') {
        pageSees = {
          kind: 'network-error',
          consoleMessage: check.consoleMessage,
          chromiumError: check.chromiumError,
        };
        cause = preflightCause(obs, exchange, check);
      }
    }
  } else {
    stages.push({
      name: 'preflight',
      outcome: 'skipped',
      summary:
        crossOrigin && obs.preflight.kind === 'no-preflight'
          ? obs.preflight.why
          : 'same-origin request: no CORS',
    });
  }

  if (pageSees === undefined) {
    const outcome = obs.actualOutcome;
    if (outcome === undefined || outcome.kind === 'transport-error') {
      const message = outcome?.kind === 'transport-error' ? outcome.message : 'not sent';
      stages.push({ name: 'response', outcome: 'failed', summary: `request failed: ${message}` });
      pageSees = { kind: 'network-error', detail: message };
      cause = {
        code: 'network-error',
        stage: 'response',
        explanation: `The request did not get an answer: ${message}.`,
        evidence: 'response',
      };
    } else {
      const exchange = outcome.exchange;
      traceId = exchange.traceId ?? traceId;
      pathPattern = exchange.trace?.behavior?.pathPattern ?? pathPattern;
      distributionId = exchange.trace?.distributionId ?? distributionId;
      stages.push(...traceStages(exchange));
      stages.push({
        name: 'response',
        outcome: isOkStatus(exchange.status) ? 'ok' : 'failed',
        summary: `${obs.method} ${obs.url} → ${describeExchange(exchange)}`,
      });
      const check: CorsCheckResult = crossOrigin
        ? checkCorsResponse({
            url: obs.url,
            requestOrigin: obs.pageOrigin,
            credentialsMode: obs.credentialsMode,
            status: exchange.status,
            headers: exchange.headers,
          })
        : { kind: 'ok', allowOrigin: '' };
      stages.push({
        name: 'browser-cors-check',
        outcome: check.kind === 'ok' ? 'ok' : 'failed',
        summary: !crossOrigin
          ? 'same-origin: no CORS check'
          : check.kind === 'ok'
            ? 'passes'
            : check.consoleMessage,
      });
      if (check.kind === 'failed') {
        pageSees = {
          kind: 'network-error',
          consoleMessage: check.consoleMessage,
          chromiumError: check.chromiumError,
        };
      } else {
        pageSees = { kind: 'response', status: exchange.status };
      }
      if (!isOkStatus(exchange.status)) cause = statusCause(obs, exchange);
      else if (check.kind === 'failed') cause = corsCause(obs, exchange, check);
    }
  }

  const verdict: DoctorReport['verdict'] =
    pageSees.kind === 'response' && isOkStatus(pageSees.status) ? 'ok' : 'blocked';
  const finalCause: Cause = cause ?? {
    code: 'ok',
    stage: 'browser-cors-check',
    explanation: 'The page gets the response.',
    evidence: 'browser-model',
  };
  const cookieDomain = obs.backend?.rejected
    .map((r) => /Domain=([^;]+)/i.exec(r.setCookie)?.[1])
    .find((d) => d !== undefined);
  const fixContext: FixContext = {
    pageOrigin: obs.pageOrigin,
    url: obs.url,
    distributionId,
    pathPattern,
    backendUrl: obs.backend?.url,
    cookieDomain,
    preflightHeaders:
      obs.preflight.kind === 'preflight'
        ? obs.preflight.reasons.flatMap((r) => (r.kind === 'header' ? [r.name] : []))
        : undefined,
    preflightMethod: obs.preflight.kind === 'preflight' ? obs.method : undefined,
  };
  return {
    verdict,
    pageSees,
    rootCause: { ...finalCause, fix: describeFix(finalCause.code, fixContext) },
    stages,
    request: {
      pageOrigin: obs.pageOrigin,
      url: obs.url,
      method: obs.method,
      credentialsMode: obs.credentialsMode,
      preflight: obs.preflight.kind === 'preflight' && crossOrigin,
    },
    traceId,
  };
}
