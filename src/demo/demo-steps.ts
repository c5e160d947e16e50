// The story's four steps as set-ups the demo page asks for, and the report it draws afterwards. A step
// always starts from the same state whatever ran before (config, cache), so replaying steps in any order
// shows what the story says. Step 3 and 4 first refill the cache as step 2 left it.

import type { CacheEntryView, ConsoleQueries } from '../console/index.ts';
import type { EdgeTrace } from '../edge/index.ts';
import type { DemoNames, DemoPorts } from './demo-names.ts';
import type { DemoRecords } from './demo-records.ts';
import { primeEdgeCache } from './prime-edge-cache.ts';

export type DemoStep = 1 | 2 | 3 | 4;
export type DistributionVersion = 'before-fix' | 'after-fix';

/** The default behavior's policies, as the step 3 before/after panel shows them. */
export type BehaviorPolicies = {
  readonly etag: string;
  readonly cachePolicy: string;
  readonly originRequestPolicy: string;
  readonly responseHeadersPolicy: string;
};

export type StepSetup = {
  readonly step: DemoStep;
  readonly backendOrigin: string;
  readonly distribution: DistributionVersion;
  /** Server time after the set-up: the step's own requests are those recorded from here on. */
  readonly since: number;
  readonly primed?: { readonly paths: readonly string[]; readonly statuses: readonly number[] };
  readonly distributionChange?: { readonly before: BehaviorPolicies; readonly after: BehaviorPolicies };
  readonly invalidation?: {
    readonly id: string;
    readonly paths: readonly string[];
    readonly purged: readonly CacheEntryView[];
  };
};

export type DemoStepDeps = {
  readonly names: DemoNames;
  readonly ports: DemoPorts;
  readonly basePath: string;
  readonly distributionId: string;
  readonly console: ConsoleQueries;
  readonly records: DemoRecords;
  readonly caCert: string;
  readonly useDistribution: (which: DistributionVersion) => Promise<void>;
  /** A Cookie header with fresh signed cookies (what the browser holds after step 2). */
  readonly signedCookieHeader: () => string;
  readonly nowMs: () => number;
};

type PolicyRef = { readonly id: string; readonly name: string } | null;
const named = (ref: PolicyRef) => (ref === null ? 'none' : `${ref.name} (${ref.id})`);

async function defaultBehaviorPolicies(deps: DemoStepDeps): Promise<BehaviorPolicies> {
  const overview = (await deps.console.overview()) as {
    distributions: readonly {
      id: string;
      etag: string;
      behaviors: readonly {
        pathPattern: string;
        cachePolicy: PolicyRef;
        originRequestPolicy: PolicyRef;
        responseHeadersPolicy: PolicyRef;
      }[];
    }[];
  };
  const distribution = overview.distributions.find((d) => d.id === deps.distributionId);
  const behavior = distribution?.behaviors.at(-1);
  return {
    etag: distribution?.etag ?? '',
    cachePolicy: named(behavior?.cachePolicy ?? null),
    originRequestPolicy: named(behavior?.originRequestPolicy ?? null),
    responseHeadersPolicy: named(behavior?.responseHeadersPolicy ?? null),
  };
}

function invalidateAll(deps: DemoStepDeps) {
  return deps.console.invalidate(
    deps.distributionId,
    ['/*'],
    `demo-${deps.nowMs()}-${Math.random().toString(36).slice(2)}`,
  );
}

/** The files every step fetches first; the cache is primed with the same ones. */
export function stepPaths(basePath: string): readonly string[] {
  return [`/${basePath}/lesson.json`, `/${basePath}/master.m3u8`];
}

export async function setUpStep(step: DemoStep, deps: DemoStepDeps): Promise<StepSetup> {
  const backendOrigin = step === 1 ? deps.names.backendBeforeOrigin : deps.names.backendAfterOrigin;
  await deps.useDistribution('before-fix');
  invalidateAll(deps);
  if (step === 1 || step === 2)
    return { step, backendOrigin, distribution: 'before-fix', since: deps.nowMs() };
  const paths = stepPaths(deps.basePath);
  const statuses = await primeEdgeCache(
    {
      edgePort: deps.ports.edgeHttps,
      cdnHost: deps.names.cdnHost,
      caCert: deps.caCert,
      pageOrigin: deps.names.pageOrigin,
      cookieHeader: deps.signedCookieHeader(),
    },
    paths,
  );
  const before = await defaultBehaviorPolicies(deps);
  await deps.useDistribution('after-fix');
  const after = await defaultBehaviorPolicies(deps);
  const common = {
    step,
    backendOrigin,
    distribution: 'after-fix' as const,
    primed: { paths, statuses },
    distributionChange: { before, after },
  };
  if (step === 3) return { ...common, since: deps.nowMs() };
  const result = invalidateAll(deps) as { invalidation: { Id: string }; purged: readonly CacheEntryView[] };
  return {
    ...common,
    invalidation: { id: result.invalidation.Id, paths: ['/*'], purged: result.purged },
    since: deps.nowMs(),
  };
}

/** Back to the story's start: original config, empty cache, nothing recorded. */
export async function resetDemo(deps: DemoStepDeps): Promise<void> {
  await deps.useDistribution('before-fix');
  invalidateAll(deps);
  deps.records.clear();
}

function sendHeaders(trace: EdgeTrace): readonly (readonly [string, string])[] {
  const send = trace.entries.find((e) => e.stage === 'send') as
    | { headers?: readonly (readonly [string, string])[] }
    | undefined;
  return send?.headers ?? [];
}

/** Each CDN request of the step drawn as a pipeline, with the doctor's verdict and the cookie story. */
export async function reportStep(since: number, deps: DemoStepDeps) {
  const issued = deps.records.issuedSince(since);
  const traces = deps.records.tracesSince(since);
  const requests = [];
  for (const trace of traces) {
    const detail = await deps.console.request(trace.id, {
      pageOrigin: deps.names.pageOrigin,
      credentialsMode: 'include',
      backend: issued === undefined ? undefined : { url: issued.url, setCookie: issued.setCookie },
    });
    if (detail === undefined) continue;
    const headers = sendHeaders(trace);
    const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';
    const path = trace.rawTarget.split('?')[0]!;
    requests.push({
      url: `${deps.names.cdnOrigin}${trace.rawTarget}`,
      method: trace.method,
      path,
      status: detail.pipeline.status,
      xCache: header('x-cache'),
      corsHeaders: Object.fromEntries(
        headers.filter(([n]) => /^(access-control-|vary$)/i.test(n)).map(([n, v]) => [n.toLowerCase(), v]),
      ),
      pipeline: detail.pipeline,
      diagnosis: detail.diagnosis,
    });
  }
  return { backend: issued === undefined ? null : describeIssued(issued.url, issued.setCookie), requests };
}

/** What the backend sent, values left out: each cookie's name and attributes. */
export function describeIssued(url: string, setCookie: readonly string[]) {
  return {
    url,
    cookies: setCookie.map((line) => {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      return { name: pair.split('=')[0] ?? '', attributes: attributes.join('; ') };
    }),
  };
}
