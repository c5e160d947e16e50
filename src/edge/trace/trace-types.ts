// The trace of one edge request, stage by stage: the typed record the doctor reads to explain
// what happened. Recorded only when the viewer asks (`x-frontgate-trace: 1`), never on the plain hot path.

import type { FunctionTraceEntry } from '../functions/function-stages.ts';

export type TraceEntry =
  | {
      readonly stage: 'receive';
      readonly distributionId: string | undefined;
      readonly host: string;
      readonly rawPath: string;
      readonly rawQuery: string;
      readonly clientIp: string;
      readonly scheme: 'http' | 'https';
      /** ETag of the distribution's config in force for this request. */
      readonly configEtag?: string;
    }
  | {
      readonly stage: 'match-behavior';
      readonly pathPattern: string;
      readonly targetOriginId: string;
      readonly originRawPath: string;
      readonly outcome: 'matched' | 'redirect' | 'method-not-allowed' | 'protocol-refused' | 'body-on-get';
      readonly cachePolicyId?: string;
      readonly originRequestPolicyId?: string;
      readonly responseHeadersPolicyId?: string;
    }
  | {
      readonly stage: 'check-signed-access';
      readonly required: boolean;
      readonly decision: 'not-required' | 'allowed' | 'denied';
      readonly code?: string;
      readonly message?: string;
      readonly detail?: unknown;
    }
  | {
      readonly stage: 'cache-lookup';
      readonly cacheKey: string;
      readonly invalidationPath: string;
      readonly result: 'hit' | 'stale' | 'miss' | 'not-cacheable' | 'collapsed-hit';
      readonly keyParts: {
        readonly query: string;
        readonly headers: readonly (readonly [string, string])[];
        readonly cookies: readonly (readonly [string, string])[];
        readonly acceptEncoding: string | undefined;
      };
      /** The cached entry found (hit or stale): the config ETag it was stored under and when (ISO). */
      readonly storedConfigEtag?: string;
      readonly storedAt?: string;
    }
  | {
      readonly stage: 'origin-request';
      readonly originId: string;
      readonly method: string;
      readonly url: string;
      readonly headers: readonly (readonly [string, string])[];
      readonly signed: boolean;
    }
  | {
      readonly stage: 'origin-response';
      readonly status: number;
      readonly corsHeaders: readonly (readonly [string, string])[];
      readonly freshness: { readonly kind: string; readonly rule: string; readonly ttlSeconds?: number };
      readonly stored: boolean;
      readonly compressed?: string;
      readonly failure?: string;
    }
  | {
      readonly stage: 'response-headers';
      readonly policyId: string | undefined;
      readonly applied: boolean;
      readonly removed: readonly string[];
      readonly added: readonly (readonly [string, string])[];
      readonly reason?: string;
    }
  | {
      readonly stage: 'send';
      readonly status: number;
      readonly resultType: string;
      readonly headers: readonly (readonly [string, string])[];
    }
  /** A CloudFront function stage: the event it got, what it returned, time and logs (functions/function-stages.ts). */
  | FunctionTraceEntry;

export type EdgeTrace = {
  readonly id: string;
  readonly requestId: string;
  readonly startedAt: string;
  readonly method: string;
  readonly rawTarget: string;
  readonly entries: readonly TraceEntry[];
};

/** What a stage holds: `add` is cheap; the pipeline passes `undefined` when tracing is off. */
export type TraceRecorder = {
  readonly id: string;
  readonly add: (entry: TraceEntry) => void;
  readonly finish: () => EdgeTrace;
};

export function createTraceRecorder(
  id: string,
  requestId: string,
  method: string,
  rawTarget: string,
  now: Date,
): TraceRecorder {
  const entries: TraceEntry[] = [];
  return {
    id,
    add: (entry) => {
      entries.push(entry);
    },
    finish: () => ({ id, requestId, startedAt: now.toISOString(), method, rawTarget, entries: [...entries] }),
  };
}
