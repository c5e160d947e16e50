// One edge trace as the console draws it: eight stage nodes in the order CloudFront runs them (receive →
// behavior → signed access → function → cache → origin → response headers → send), each with its state, a
// one-line summary and the headers that mattered, and the one stage that decided the outcome. Pure.

import type { DoctorReport, StageName } from '../doctor/index.ts';
import type { EdgeTrace, TraceEntry } from '../edge/index.ts';

export type PipelineNodeId =
  | 'receive'
  | 'behavior'
  | 'signed-access'
  | 'function'
  | 'cache'
  | 'origin'
  | 'response-headers'
  | 'send';

export type PipelineNodeState = 'ok' | 'failed' | 'warning' | 'info' | 'skipped';

export type PipelineNode = {
  readonly id: PipelineNodeId;
  readonly label: string;
  readonly state: PipelineNodeState;
  readonly summary: string;
  /** Headers that mattered at this stage (request headers sent on, CORS headers, cache headers). */
  readonly headers: readonly (readonly [string, string])[];
  readonly deciding: boolean;
};

export type PipelineView = {
  readonly id: string;
  readonly startedAt: string;
  readonly method: string;
  readonly rawTarget: string;
  readonly distributionId?: string;
  readonly status: number;
  readonly resultType: string;
  readonly nodes: readonly PipelineNode[];
  readonly deciding: PipelineNodeId;
  /** The cache lookup in figures: the entry's age and the config version it was stored under. */
  readonly cache?: {
    readonly result: string;
    readonly storedConfigEtag?: string;
    readonly currentConfigEtag?: string;
    readonly ageSeconds?: number;
  };
};

const LABELS: Readonly<Record<PipelineNodeId, string>> = {
  receive: 'Receive',
  behavior: 'Behavior',
  'signed-access': 'Signed access',
  function: 'Function',
  cache: 'Cache',
  origin: 'Origin',
  'response-headers': 'Response headers',
  send: 'Send',
};

const ORDER: readonly PipelineNodeId[] = Object.keys(LABELS) as PipelineNodeId[];

/** Headers that explain a CORS or caching outcome. */
const TELLING_HEADER =
  /^(access-control-|vary$|x-cache$|age$|cache-control$|origin$|content-type$|location$)/i;

type AnyEntry = { readonly stage: string } & Readonly<Record<string, unknown>>;

function find<S extends TraceEntry['stage']>(trace: EdgeTrace, stage: S) {
  return trace.entries.find((e) => e.stage === stage) as Extract<TraceEntry, { stage: S }> | undefined;
}

/** A function stage recorded by the edge (`function`, `viewer-request-function`, …) when one ran. */
function functionEntries(trace: EdgeTrace): readonly AnyEntry[] {
  return (trace.entries as readonly AnyEntry[]).filter((e) => /function/i.test(e.stage));
}

function telling(pairs: readonly (readonly [string, string])[] | undefined): [string, string][] {
  return (pairs ?? []).filter(([name]) => TELLING_HEADER.test(name)).map(([n, v]) => [n, v]);
}

type NodeDraft = Omit<PipelineNode, 'deciding' | 'label'>;

function describeNodes(trace: EdgeTrace, names: ReadonlyMap<string, string>, nowMs: number): NodeDraft[] {
  const named = (id: string | undefined) =>
    id === undefined ? 'none' : `${names.get(id) ?? 'custom'} (${id})`;
  const received = find(trace, 'receive');
  const behavior = find(trace, 'match-behavior');
  const signed = find(trace, 'check-signed-access');
  const functions = functionEntries(trace);
  const cache = find(trace, 'cache-lookup');
  const originRequest = find(trace, 'origin-request');
  const originResponse = find(trace, 'origin-response');
  const responseHeaders = find(trace, 'response-headers');
  const send = find(trace, 'send');
  const notReached = (id: PipelineNodeId): NodeDraft => ({
    id,
    state: 'skipped',
    summary: 'not reached',
    headers: [],
  });
  const nodes: NodeDraft[] = [];
  nodes.push(
    received === undefined
      ? { id: 'receive', state: 'failed', summary: 'no distribution for this Host', headers: [] }
      : {
          id: 'receive',
          state: received.distributionId === undefined ? 'failed' : 'ok',
          summary: `${received.scheme}://${received.host} → ${received.distributionId ?? 'no distribution'}${received.configEtag ? `, config ${received.configEtag}` : ''}`,
          headers: [],
        },
  );
  nodes.push(
    behavior === undefined
      ? notReached('behavior')
      : {
          id: 'behavior',
          state: behavior.outcome === 'matched' ? 'ok' : 'failed',
          summary: `${behavior.pathPattern} → ${behavior.targetOriginId}${behavior.outcome === 'matched' ? '' : ` — ${behavior.outcome}`}; cache policy ${named(behavior.cachePolicyId)}; origin request policy ${named(behavior.originRequestPolicyId)}; response headers policy ${named(behavior.responseHeadersPolicyId)}`,
          headers: [],
        },
  );
  nodes.push(
    signed === undefined
      ? notReached('signed-access')
      : {
          id: 'signed-access',
          state: signed.decision === 'denied' ? 'failed' : signed.decision === 'allowed' ? 'ok' : 'info',
          summary:
            signed.decision === 'not-required'
              ? 'public behavior: no signature required'
              : signed.decision === 'denied'
                ? `denied: 403 ${signed.code ?? 'AccessDenied'}${signed.message ? ` (${signed.message})` : ''}`
                : `allowed by a signed ${String((signed.detail as { via?: unknown } | undefined)?.via ?? 'request')} (key ${String((signed.detail as { keyPairId?: unknown } | undefined)?.keyPairId ?? '?')})`,
          headers: [],
        },
  );
  nodes.push(
    functions.length === 0
      ? { id: 'function', state: 'skipped', summary: 'not associated', headers: [] }
      : {
          id: 'function',
          state: functions.some((f) => f.outcome === 'error' || f.decision === 'denied') ? 'failed' : 'ok',
          summary: functions
            .map((f) =>
              [f.eventType ?? f.stage, f.name ?? f.functionName, f.outcome ?? f.result ?? f.decision]
                .filter((x) => x !== undefined)
                .map(String)
                .join(': '),
            )
            .join('; '),
          headers: [],
        },
  );
  if (cache === undefined) nodes.push(notReached('cache'));
  else {
    const stored = cache.storedAt === undefined ? undefined : Date.parse(cache.storedAt);
    const age =
      stored === undefined ? '' : `, entry age ${Math.max(0, Math.round((nowMs - stored) / 1000))} s`;
    const underOther =
      cache.storedConfigEtag !== undefined &&
      received?.configEtag !== undefined &&
      cache.storedConfigEtag !== received.configEtag;
    nodes.push({
      id: 'cache',
      state: underOther ? 'warning' : 'info',
      summary: `${cache.result}${cache.storedConfigEtag ? `; stored under config ${cache.storedConfigEtag}${underOther ? ` (now ${received?.configEtag})` : ' (current)'}` : ''}${age}; key headers: ${cache.keyParts.headers.map(([n]) => n).join(', ') || 'none'}`,
      headers: cache.keyParts.headers.map(([n, v]) => [n, v]),
    });
  }
  if (originRequest === undefined && originResponse === undefined)
    nodes.push({
      id: 'origin',
      state: 'skipped',
      summary:
        cache !== undefined && /hit/.test(cache.result)
          ? 'not contacted: served from the cache'
          : 'not reached',
      headers: [],
    });
  else {
    const sentOrigin = originRequest?.headers.find(([n]) => n.toLowerCase() === 'origin')?.[1];
    const acao = originResponse?.corsHeaders.find(
      ([n]) => n.toLowerCase() === 'access-control-allow-origin',
    )?.[1];
    nodes.push({
      id: 'origin',
      state:
        originResponse?.failure !== undefined
          ? 'failed'
          : sentOrigin === undefined || acao === undefined
            ? 'warning'
            : 'ok',
      summary: `${originRequest?.method ?? ''} ${originRequest?.originId ?? ''}${sentOrigin === undefined ? ' WITHOUT Origin' : ` with Origin: ${sentOrigin}`} → ${originResponse?.failure ?? originResponse?.status ?? '?'}${acao === undefined ? ', no CORS headers' : `, Access-Control-Allow-Origin: ${acao}`}${originResponse?.stored ? '; stored' : ''}`,
      headers: [
        ...telling(originRequest?.headers),
        ...(originResponse?.corsHeaders ?? []).map(([n, v]) => [n, v] as [string, string]),
      ],
    });
  }
  nodes.push(
    responseHeaders === undefined
      ? notReached('response-headers')
      : {
          id: 'response-headers',
          state: 'info',
          summary: `policy ${named(responseHeaders.policyId)}${responseHeaders.applied ? '' : ` not applied${responseHeaders.reason ? ` (${responseHeaders.reason})` : ''}`}${responseHeaders.added.length > 0 ? `; added ${responseHeaders.added.map(([n, v]) => `${n}: ${v}`).join(', ')}` : '; added nothing'}${responseHeaders.removed.length > 0 ? `; removed ${responseHeaders.removed.join(', ')}` : ''}`,
          headers: responseHeaders.added.map(([n, v]) => [n, v]),
        },
  );
  nodes.push(
    send === undefined
      ? notReached('send')
      : {
          id: 'send',
          state: send.status >= 400 ? 'failed' : 'ok',
          summary: `${send.status} (${send.resultType})`,
          headers: telling(send.headers),
        },
  );
  return nodes;
}

/** Where the doctor's root-cause stage sits in the edge pipeline. */
const ROOT_CAUSE_NODE: Readonly<Record<StageName, PipelineNodeId>> = {
  'backend-cookies': 'signed-access',
  'cookie-selection': 'signed-access',
  'signed-access': 'signed-access',
  'cloudfront-function': 'function',
  preflight: 'send',
  'edge-behavior': 'behavior',
  cache: 'cache',
  'origin-request': 'origin',
  'origin-cors': 'origin',
  'response-headers': 'response-headers',
  response: 'send',
  'browser-cors-check': 'send',
};

/**
 * The stage that decided: with a diagnosis, where its root cause sits (for a page that gets the response,
 * where the answer came from: the cache on a hit, else the origin); without one, the first failed stage.
 */
export function decidingStage(nodes: readonly NodeDraft[], report: DoctorReport | undefined): PipelineNodeId {
  const failed = nodes.find((n) => n.state === 'failed' && n.id !== 'send');
  if (report !== undefined && report.rootCause.code !== 'ok') return ROOT_CAUSE_NODE[report.rootCause.stage];
  if (report === undefined && failed !== undefined) return failed.id;
  const cache = nodes.find((n) => n.id === 'cache');
  if (cache !== undefined && /^(hit|stale|collapsed-hit)\b/.test(cache.summary)) return 'cache';
  return nodes.find((n) => n.id === 'origin')?.state === 'skipped' ? (failed?.id ?? 'send') : 'origin';
}

export function buildPipelineView(
  trace: EdgeTrace,
  options: {
    readonly policyNames: ReadonlyMap<string, string>;
    readonly nowMs: number;
    readonly report?: DoctorReport;
  },
): PipelineView {
  const drafts = describeNodes(trace, options.policyNames, options.nowMs);
  const deciding = decidingStage(drafts, options.report);
  const send = find(trace, 'send');
  const lookup = find(trace, 'cache-lookup');
  const storedAtMs = lookup?.storedAt === undefined ? undefined : Date.parse(lookup.storedAt);
  const byId = new Map(drafts.map((d) => [d.id, d]));
  return {
    id: trace.id,
    startedAt: trace.startedAt,
    method: trace.method,
    rawTarget: trace.rawTarget,
    distributionId: find(trace, 'receive')?.distributionId,
    status: send?.status ?? 0,
    resultType: send?.resultType ?? '',
    nodes: ORDER.map((id) => {
      const draft = byId.get(id) as NodeDraft;
      return { ...draft, label: LABELS[id], deciding: id === deciding };
    }),
    deciding,
    ...(lookup === undefined
      ? {}
      : {
          cache: {
            result: lookup.result,
            storedConfigEtag: lookup.storedConfigEtag,
            currentConfigEtag: find(trace, 'receive')?.configEtag,
            ageSeconds:
              storedAtMs === undefined
                ? undefined
                : Math.max(0, Math.round((options.nowMs - storedAtMs) / 1000)),
          },
        }),
  };
}
