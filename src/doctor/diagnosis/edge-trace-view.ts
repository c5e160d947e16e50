// What the doctor reads from a Frontgate edge trace (`GET /traces/:id` on the admin listener, the edge's
// `EdgeTrace` with one entry per stage): the facts that explain a browser failure, flattened.

import type { EdgeTrace, TraceEntry } from '../../edge/trace/index.ts';

export type EdgeTraceView = {
  readonly id: string;
  readonly distributionId?: string;
  /** ETag of the distribution config the edge used for this request. */
  readonly configEtag?: string;
  readonly behavior?: {
    readonly pathPattern: string;
    readonly outcome: string;
    readonly targetOriginId?: string;
    readonly cachePolicyId?: string;
    readonly originRequestPolicyId?: string;
    readonly responseHeadersPolicyId?: string;
  };
  /** False when the matched behavior refused the method (CloudFront's 403 HTML page). */
  readonly methodAllowed?: boolean;
  readonly signedAccess?: {
    readonly kind: 'not-required' | 'allowed' | 'denied';
    readonly code?: string;
    readonly detail?: string;
  };
  readonly cache?: {
    readonly result: string;
    readonly key?: string;
    /** Lower-case names of the headers that are part of the cache key for this request. */
    readonly keyHeaders: readonly string[];
    /** For a hit (or stale entry): the config ETag in force when the entry was stored, and when (ISO). */
    readonly storedConfigEtag?: string;
    readonly storedAt?: string;
  };
  /** Headers the edge sent to the origin (lower-case names); absent when the origin was not contacted. */
  readonly originRequestHeaders?: Readonly<Record<string, string>>;
  readonly originResponse?: { readonly status: number; readonly headers: Readonly<Record<string, string>> };
  readonly responseHeaders?: {
    readonly policyId?: string;
    readonly removed: readonly string[];
    readonly added: readonly (readonly [string, string])[];
  };
  /** CORS-relevant headers CloudFront functions removed or changed (absent when none). */
  readonly functionChanges?: readonly FunctionHeaderChange[];
};

function toRecord(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

function describeDetail(detail: unknown): string | undefined {
  if (detail === undefined || detail === null) return undefined;
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

/** Flattens an edge trace; throws TypeError when the JSON is not a trace. */
export function readEdgeTrace(raw: unknown): EdgeTraceView {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { entries?: unknown }).entries)) {
    throw new TypeError('not an edge trace (expected { id, entries: [...] })');
  }
  const trace = raw as EdgeTrace;
  let view: {
    -readonly [K in keyof EdgeTraceView]: EdgeTraceView[K];
  } = { id: String(trace.id) };
  for (const entry of trace.entries as readonly TraceEntry[]) {
    switch (entry.stage) {
      case 'receive':
        view = { ...view, distributionId: entry.distributionId, configEtag: entry.configEtag };
        break;
      case 'match-behavior':
        view = {
          ...view,
          behavior: {
            pathPattern: entry.pathPattern,
            outcome: entry.outcome,
            targetOriginId: entry.targetOriginId,
            cachePolicyId: entry.cachePolicyId,
            originRequestPolicyId: entry.originRequestPolicyId,
            responseHeadersPolicyId: entry.responseHeadersPolicyId,
          },
          methodAllowed: entry.outcome !== 'method-not-allowed',
        };
        break;
      case 'check-signed-access':
        view = {
          ...view,
          signedAccess: {
            kind: entry.decision,
            code: entry.code,
            detail:
              [entry.message, describeDetail(entry.detail)].filter((x) => x !== undefined).join(' — ') ||
              undefined,
          },
        };
        break;
      case 'cache-lookup':
        view = {
          ...view,
          cache: {
            result: entry.result,
            key: entry.cacheKey,
            keyHeaders: (entry.keyParts?.headers ?? []).map(([name]) => name.toLowerCase()),
            storedConfigEtag: entry.storedConfigEtag,
            storedAt: entry.storedAt,
          },
        };
        break;
      case 'origin-request':
        view = { ...view, originRequestHeaders: toRecord(entry.headers) };
        break;
      case 'origin-response':
        view = { ...view, originResponse: { status: entry.status, headers: toRecord(entry.corsHeaders) } };
        break;
      case 'response-headers':
        view = {
          ...view,
          responseHeaders: { policyId: entry.policyId, removed: entry.removed, added: entry.added },
        };
        break;
      default:
        break;
    }
  }
  const functionChanges = functionHeaderChanges(raw);
  return functionChanges.length === 0 ? view : { ...view, functionChanges };
}

/** A header a CloudFront function removed or changed on its way through (lower-case name). */
export type FunctionHeaderChange = {
  readonly eventType: 'viewer-request' | 'viewer-response';
  readonly functionName: string;
  readonly header: string;
  readonly before: string;
  /** Undefined when the function removed the header. */
  readonly after?: string;
};

type EventHeaders = Readonly<Record<string, { readonly value?: unknown }>>;

function headersOf(message: unknown): EventHeaders {
  const headers = (message as { headers?: unknown } | null | undefined)?.headers;
  return headers !== null && typeof headers === 'object' ? (headers as EventHeaders) : {};
}

/**
 * What the trace's function entries changed among the headers that CORS depends on: Origin on the request
 * (viewer-request), the Access-Control-* headers on the response (viewer-response). Only functions that
 * returned the request/response are compared; a generated response or an error is another story.
 */
export function functionHeaderChanges(raw: unknown): readonly FunctionHeaderChange[] {
  const entries = (raw as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return [];
  const changes: FunctionHeaderChange[] = [];
  for (const entry of entries as TraceEntry[]) {
    if (entry.stage !== 'viewer-request-function' && entry.stage !== 'viewer-response-function') continue;
    if (entry.outcome !== 'request' && entry.outcome !== 'response') continue;
    const request = entry.eventType === 'viewer-request';
    const event = entry.event as { request?: unknown; response?: unknown } | undefined;
    const before = headersOf(request ? event?.request : event?.response);
    const after = headersOf(entry.output);
    for (const [name, value] of Object.entries(before)) {
      const relevant = request ? name === 'origin' : name.startsWith('access-control-');
      if (!relevant) continue;
      const was = String(value?.value ?? '');
      const now = after[name] === undefined ? undefined : String(after[name]?.value ?? '');
      if (now !== was)
        changes.push({
          eventType: entry.eventType,
          functionName: entry.functionName,
          header: name,
          before: was,
          ...(now === undefined ? {} : { after: now }),
        });
    }
  }
  return changes;
}
