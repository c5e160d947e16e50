// The console's answers, as plain values (the HTTP layer and the demo both use them): the request list, one
// request as a pipeline with the doctor's diagnosis, the cache, invalidations and what an invalidation purged.
// Everything leaves through `redactSecrets`.

import type { CredentialsMode } from '../doctor/index.ts';
import type { CachedObjectMeta, EdgeTrace, Invalidation, TraceEntry } from '../edge/index.ts';
import type { ConsoleSources } from './console-sources.ts';
import { describeDistributions, describeKeyGroups, policyNames } from './describe-config.ts';
import { type BackendCookies, diagnoseTrace } from './diagnose-trace.ts';
import { buildPipelineView } from './pipeline-view.ts';
import { redactSecrets } from './redact-secrets.ts';

export type RequestSummary = {
  readonly id: string;
  readonly startedAt: string;
  readonly method: string;
  readonly rawTarget: string;
  readonly distributionId: string | null;
  readonly status: number;
  readonly resultType: string;
};

export type RequestFilter = {
  readonly distributionId?: string;
  /** `403`, or a class such as `4xx`. */
  readonly status?: string;
  /** A substring of the path. */
  readonly path?: string;
  readonly limit?: number;
};

export type CacheEntryView = {
  readonly distributionId: string;
  readonly invalidationPath: string;
  readonly status: number;
  readonly sizeBytes: number;
  readonly ageSeconds: number;
  readonly ttlLeftSeconds: number;
  readonly configEtag: string | null;
  readonly underCurrentConfig: boolean;
};

function stage<S extends TraceEntry['stage']>(trace: EdgeTrace, name: S) {
  return trace.entries.find((e) => e.stage === name) as Extract<TraceEntry, { stage: S }> | undefined;
}

export function summarizeTrace(trace: EdgeTrace): RequestSummary {
  const send = stage(trace, 'send');
  return {
    id: trace.id,
    startedAt: trace.startedAt,
    method: trace.method,
    rawTarget: trace.rawTarget,
    distributionId: stage(trace, 'receive')?.distributionId ?? null,
    status: send?.status ?? 0,
    resultType: send?.resultType ?? '',
  };
}

export function matchesFilter(summary: RequestSummary, filter: RequestFilter): boolean {
  if (filter.distributionId && summary.distributionId !== filter.distributionId) return false;
  if (filter.status) {
    const wanted = filter.status.toLowerCase();
    const status = String(summary.status);
    if (/^\dxx$/.test(wanted) ? status[0] !== wanted[0] : status !== wanted) return false;
  }
  if (filter.path && !summary.rawTarget.split('?')[0]!.includes(filter.path)) return false;
  return true;
}

export function createConsoleQueries(sources: ConsoleSources) {
  const currentEtags = () => new Map(sources.snapshot().distributions.map((d) => [d.id, d.etag]));
  const describeEntry = (
    meta: CachedObjectMeta,
    etags: ReadonlyMap<string, string>,
    nowMs: number,
  ): CacheEntryView => ({
    distributionId: meta.distributionId,
    invalidationPath: meta.invalidationPath,
    status: meta.status,
    sizeBytes: meta.sizeBytes,
    ageSeconds: Math.max(0, Math.floor((nowMs - meta.storedAtMs) / 1000)),
    ttlLeftSeconds: Math.max(0, Math.floor((meta.expiresAtMs - nowMs) / 1000)),
    configEtag: meta.configEtag ?? null,
    underCurrentConfig: meta.configEtag !== undefined && meta.configEtag === etags.get(meta.distributionId),
  });
  const cacheEntries = (distributionId?: string): CacheEntryView[] => {
    const etags = currentEtags();
    const nowMs = sources.nowMs();
    return [...sources.cache().entries()]
      .filter((meta) => distributionId === undefined || meta.distributionId === distributionId)
      .map((meta) => describeEntry(meta, etags, nowMs))
      .sort(
        (a, b) =>
          a.distributionId.localeCompare(b.distributionId) ||
          a.invalidationPath.localeCompare(b.invalidationPath),
      );
  };
  return {
    overview: async () => {
      const snapshot = sources.snapshot();
      return redactSecrets({
        distributions: describeDistributions(snapshot),
        status: sources.distributionStatus(),
        keyGroups: describeKeyGroups(snapshot),
        buckets: await sources.buckets(),
        traceAll: sources.traceAll,
      });
    },
    requests: (filter: RequestFilter): RequestSummary[] =>
      redactSecrets(
        sources
          .traces()
          .list()
          .map(summarizeTrace)
          .filter((s) => matchesFilter(s, filter))
          .slice(0, filter.limit ?? 200),
      ),
    /** One request as a pipeline, diagnosed for a page origin and credentials mode (when a page origin is given). */
    request: async (
      id: string,
      options: {
        readonly pageOrigin?: string;
        readonly credentialsMode: CredentialsMode;
        readonly backend?: BackendCookies;
      },
    ) => {
      const trace = sources.traces().get(id);
      if (trace === undefined) return undefined;
      const diagnosis =
        options.pageOrigin === undefined
          ? undefined
          : await diagnoseTrace(trace, {
              pageOrigin: options.pageOrigin,
              credentialsMode: options.credentialsMode,
              backend: options.backend,
              now: () => new Date(sources.nowMs()),
              viewerPort: sources.viewerPort,
            });
      const pipeline = buildPipelineView(trace, {
        policyNames: policyNames(sources.snapshot()),
        nowMs: sources.nowMs(),
        report: diagnosis?.report,
      });
      return redactSecrets({
        pipeline,
        diagnosis:
          diagnosis === undefined
            ? null
            : {
                verdict: diagnosis.report.verdict,
                pageSees: diagnosis.report.pageSees,
                rootCause: diagnosis.report.rootCause,
                stages: diagnosis.report.stages,
                request: diagnosis.report.request,
                cookies: {
                  stored: diagnosis.cookies.stored.map(({ value: _value, ...cookie }) => cookie),
                  rejected: diagnosis.cookies.rejected.map(({ name, code, reason }) => ({
                    name,
                    code,
                    reason,
                  })),
                  sent: diagnosis.cookies.sent.sent.map((c) => c.name),
                  withheld: diagnosis.cookies.sent.withheld,
                },
              },
        trace,
      });
    },
    cacheEntries,
    /** Creates an invalidation and reports the cache entries it removed. */
    invalidate: (distributionId: string, paths: unknown, callerReference?: string) => {
      const etags = currentEtags();
      const nowMs = sources.nowMs();
      const before = [...sources.cache().entries()].filter((m) => m.distributionId === distributionId);
      const { invalidation, created } = sources
        .invalidations()
        .create(distributionId, paths, callerReference);
      const left = new Set([...sources.cache().entries()].map((m) => m.key));
      const purged = before.filter((m) => !left.has(m.key)).map((m) => describeEntry(m, etags, nowMs));
      return redactSecrets({ invalidation, created, purged });
    },
    /**
     * The edges sharing the control-plane state: each one's last heartbeat, the config ETags it serves (and
     * whether they are the ones this edge serves) and whether Deployed/Completed wait for it.
     */
    fleet: async () => {
      if (sources.fleet === undefined) return { enabled: false as const };
      const read = await sources.fleet().then(
        (fleet) => ({ fleet }),
        (error: unknown) => ({ error: error as Error }),
      );
      if ('error' in read)
        return redactSecrets({ enabled: true as const, unavailable: `PostgreSQL: ${read.error.message}` });
      const fleet = read.fleet;
      const etags = currentEtags();
      return redactSecrets({
        enabled: true as const,
        thisEdge: fleet.thisEdge,
        liveTimeoutSeconds: fleet.liveTimeoutSeconds,
        edges: fleet.edges.map((e) => ({
          ...e,
          thisEdge: e.edgeId === fleet.thisEdge,
          inAcknowledgingSet: e.live,
          behind: Object.entries(e.deployed)
            .filter(([id, etag]) => etags.has(id) && etags.get(id) !== etag)
            .map(([id]) => id),
        })),
      });
    },
    invalidations: () =>
      sources.snapshot().distributions.map((d) => ({
        distributionId: d.id,
        items: sources
          .invalidations()
          .list(d.id)
          .map((i: Invalidation) => ({ ...i, ...sources.invalidations().get(d.id, i.Id) })),
      })),
  };
}

export type ConsoleQueries = ReturnType<typeof createConsoleQueries>;
