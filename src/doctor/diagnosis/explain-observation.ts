// Turns what the doctor saw into a report: the browser's verdict (via the browser model), each stage of the
// chain, and the ROOT cause — the first stage that went wrong, not the symptom the console shows — with the
// fix. Pure: no I/O; the request runner and the browser tests both feed it. The causes are found by the
// find-*-cause.ts files; the edge trace becomes stages in describe-trace-stages.ts.

import { checkCorsResponse } from '../browser/check-cors-response.ts';
import type { CorsCheckResult } from '../browser/check-cors-response.ts';
import { checkPreflightResponse } from '../browser/check-preflight-response.ts';
import { serializeOrigin } from '../browser/schemeful-site.ts';
import { describeExchange, isOkStatus } from './describe-exchange.ts';
import { describeFix } from './describe-fix.ts';
import type { FixContext } from './describe-fix.ts';
import { describeTraceStages } from './describe-trace-stages.ts';
import type { DoctorObservation, HttpExchange } from './doctor-observation.ts';
import type { Cause, DoctorReport, DoctorStage, PageSees } from './doctor-report.ts';
import { findCorsCause } from './find-cors-cause.ts';
import { findResourceMismatch } from './find-resource-mismatch.ts';
import { describePreflightReasons, findPreflightCause } from './find-preflight-cause.ts';
import { findStatusCause } from './find-status-cause.ts';

/** What one request of the chain (the preflight or the actual request) contributed to the report. */
type Step = {
  readonly stages: readonly DoctorStage[];
  readonly pageSees?: PageSees | undefined;
  readonly cause?: Cause | undefined;
  readonly exchange?: HttpExchange | undefined;
};

export function explainObservation(obs: DoctorObservation): DoctorReport {
  const crossOrigin = serializeOrigin(obs.url) !== obs.pageOrigin;
  const preflight = explainPreflight(obs, crossOrigin);
  const actual: Step =
    preflight.pageSees === undefined ? explainActualRequest(obs, crossOrigin) : { stages: [] };
  // Every path sets what the page sees: a failed preflight, or the actual request's outcome.
  const pageSees = (preflight.pageSees ?? actual.pageSees) as PageSees;
  const cause = preflight.cause ?? actual.cause;
  const verdict: DoctorReport['verdict'] =
    pageSees.kind === 'response' && isOkStatus(pageSees.status) ? 'ok' : 'blocked';
  const finalCause: Cause = cause ?? {
    code: 'ok',
    stage: 'browser-cors-check',
    explanation: 'The page gets the response.',
    evidence: 'browser-model',
  };
  const fixContext = fixContextOf(obs, {
    distributionId: actual.exchange?.trace?.distributionId ?? preflight.exchange?.trace?.distributionId,
    pathPattern:
      actual.exchange?.trace?.behavior?.pathPattern ?? preflight.exchange?.trace?.behavior?.pathPattern,
    adminUrl: actual.exchange?.adminUrl ?? preflight.exchange?.adminUrl,
  });
  return {
    verdict,
    pageSees,
    rootCause: { ...finalCause, fix: describeFix(finalCause.code, fixContext) },
    stages: [...backendStages(obs), cookieSelectionStage(obs), ...preflight.stages, ...actual.stages],
    request: {
      pageOrigin: obs.pageOrigin,
      url: obs.url,
      method: obs.method,
      credentialsMode: obs.credentialsMode,
      preflight: obs.preflight.kind === 'preflight' && crossOrigin,
    },
    traceId: actual.exchange?.traceId ?? preflight.exchange?.traceId,
  };
}

function backendStages(obs: DoctorObservation): DoctorStage[] {
  const b = obs.backend;
  if (b === undefined) return [];
  if (b.outcome.kind === 'transport-error')
    return [
      {
        name: 'backend-cookies',
        outcome: 'failed',
        summary: `backend ${b.url} unreachable: ${b.outcome.message}`,
      },
    ];
  return [
    {
      name: 'backend-cookies',
      outcome: b.rejected.length > 0 ? 'failed' : 'ok',
      summary:
        `backend ${b.url} answered ${b.outcome.exchange.status}; stored ${b.stored.length} cookie(s)` +
        (b.rejected.length > 0
          ? `, refused ${b.rejected.map((r) => `${r.name} (${r.reason})`).join(', ')}`
          : ''),
      details: { stored: b.stored.map((c) => c.name), rejected: b.rejected },
    },
  ];
}

function cookieSelectionStage(obs: DoctorObservation): DoctorStage {
  return {
    name: 'cookie-selection',
    outcome: obs.cookies.sent.length === 0 && obs.cookies.withheld.length > 0 ? 'warning' : 'ok',
    summary:
      obs.cookies.sent.length === 0
        ? `no cookies attached${obs.cookies.withheld.length > 0 ? ` (withheld: ${obs.cookies.withheld.map((w) => `${w.name}: ${w.reason}`).join('; ')})` : ''}`
        : `attaches ${obs.cookies.sent.map((c) => c.name).join(', ')}`,
    details: { sent: obs.cookies.sent.map((c) => c.name), withheld: obs.cookies.withheld },
  };
}

function explainPreflight(obs: DoctorObservation, crossOrigin: boolean): Step {
  if (obs.preflight.kind === 'type-error')
    return {
      stages: [],
      pageSees: { kind: 'network-error', detail: `TypeError: ${obs.preflight.why}` },
      cause: {
        code: 'http-error',
        stage: 'preflight',
        explanation: obs.preflight.why,
        evidence: 'browser-model',
      },
    };
  if (obs.preflight.kind !== 'preflight' || !crossOrigin)
    return {
      stages: [
        {
          name: 'preflight',
          outcome: 'skipped',
          summary:
            crossOrigin && obs.preflight.kind === 'no-preflight'
              ? obs.preflight.why
              : 'same-origin request: no CORS',
        },
      ],
    };
  const outcome = obs.preflightOutcome;
  if (outcome === undefined || outcome.kind === 'transport-error') {
    const message = outcome?.kind === 'transport-error' ? outcome.message : 'not sent';
    return unanswered('preflight', `preflight failed: ${message}`, 'The preflight', message);
  }
  const exchange = outcome.exchange;
  const check = checkPreflightResponse({
    url: obs.url,
    requestOrigin: obs.pageOrigin,
    credentialsMode: obs.credentialsMode,
    status: exchange.status,
    headers: exchange.headers,
    method: obs.method,
    requestHeaders: obs.authorHeaders,
  });
  const stages: DoctorStage[] = [
    ...describeTraceStages(exchange),
    {
      name: 'preflight',
      outcome: check.kind === 'ok' ? 'ok' : 'failed',
      summary: `OPTIONS (${describePreflightReasons(obs)}) → ${describeExchange(exchange)}${check.kind === 'failed' ? ` — ${check.code}` : ''}`,
    },
  ];
  if (check.kind === 'ok') return { stages, exchange };
  return {
    stages,
    exchange,
    pageSees: {
      kind: 'network-error',
      consoleMessage: check.consoleMessage,
      chromiumError: check.chromiumError,
    },
    cause: findPreflightCause(obs, exchange, check),
  };
}

function explainActualRequest(obs: DoctorObservation, crossOrigin: boolean): Step {
  const outcome = obs.actualOutcome;
  if (outcome === undefined || outcome.kind === 'transport-error') {
    const message = outcome?.kind === 'transport-error' ? outcome.message : 'not sent';
    return unanswered('response', `request failed: ${message}`, 'The request', message);
  }
  const exchange = outcome.exchange;
  const check: CorsCheckResult = crossOrigin
    ? checkCorsResponse({
        url: obs.url,
        requestOrigin: obs.pageOrigin,
        credentialsMode: obs.credentialsMode,
        status: exchange.status,
        headers: exchange.headers,
      })
    : { kind: 'ok', allowOrigin: '' };
  const stages: DoctorStage[] = [
    ...describeTraceStages(exchange),
    {
      name: 'response',
      outcome: isOkStatus(exchange.status) ? 'ok' : 'failed',
      summary: `${obs.method} ${obs.url} → ${describeExchange(exchange)}`,
    },
    {
      name: 'browser-cors-check',
      outcome: check.kind === 'ok' ? 'ok' : 'failed',
      summary: !crossOrigin
        ? 'same-origin: no CORS check'
        : check.kind === 'ok'
          ? 'passes'
          : check.consoleMessage,
    },
  ];
  const pageSees: PageSees =
    check.kind === 'failed'
      ? { kind: 'network-error', consoleMessage: check.consoleMessage, chromiumError: check.chromiumError }
      : { kind: 'response', status: exchange.status };
  const cause = !isOkStatus(exchange.status)
    ? findStatusCause(obs, exchange)
    : check.kind === 'failed'
      ? findCorsCause(obs, exchange, check)
      : undefined;
  return { stages, exchange, pageSees, cause };
}

/** A preflight or request that got no HTTP answer at all. */
function unanswered(stage: 'preflight' | 'response', summary: string, what: string, message: string): Step {
  return {
    stages: [{ name: stage, outcome: 'failed', summary }],
    pageSees: { kind: 'network-error', detail: message },
    cause: {
      code: 'network-error',
      stage,
      explanation: `${what} did not get an answer: ${message}.`,
      evidence: 'response',
    },
  };
}

function fixContextOf(
  obs: DoctorObservation,
  found: {
    readonly distributionId: string | undefined;
    readonly pathPattern: string | undefined;
    readonly adminUrl: string | undefined;
  },
): FixContext {
  const cookieDomain = obs.backend?.rejected
    .map((r) => /Domain=([^;]+)/i.exec(r.setCookie)?.[1])
    .find((d) => d !== undefined);
  return {
    pageOrigin: obs.pageOrigin,
    url: obs.url,
    distributionId: found.distributionId,
    pathPattern: found.pathPattern,
    adminUrl: found.adminUrl,
    backendUrl: obs.backend?.url,
    cookieDomain,
    preflightHeaders:
      obs.preflight.kind === 'preflight'
        ? obs.preflight.reasons.flatMap((r) => (r.kind === 'header' ? [r.name] : []))
        : undefined,
    preflightMethod: obs.preflight.kind === 'preflight' ? obs.method : undefined,
    resourceToSign: findResourceMismatch(obs.url, obs.cookies.sent)?.resourceToSign,
  };
}
