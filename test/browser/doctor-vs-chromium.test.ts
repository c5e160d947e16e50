// The doctor against the real thing: on every step of the founding story and on a generated matrix of
// distribution configurations × requests, the doctor's verdict (ok vs blocked) must be what Chromium did,
// case by case; on the story's steps its root cause must be the one the story names; and where Chromium
// printed a CORS error, the doctor's rendering of it must be the same line.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { demoMediaObjects } from '../../src/demo/demo-media.ts';
import type { DemoObject } from '../../src/demo/demo-media.ts';
import { junlogScenario } from '../../src/demo/junlog-scenario.ts';
import type { DoctorReport } from '../../src/doctor/index.ts';
import { diagnose, parseResolveRule } from '../../src/doctor/index.ts';
import { captureCdp, corsMessages } from './support/cdp-capture.ts';
import {
  EXACT_ORIGINS_HEADERS_POLICY_ID,
  exactOriginsHeadersPolicy,
  ORIGIN_IN_KEY_CACHE_POLICY_ID,
  originInKeyCachePolicy,
} from './support/custom-policies.ts';
import { browserDebugOptions, screenshotOnFailure } from './support/debug-options.ts';
import { fetchAndObserve, fetchFromPage, runDemoStep } from './support/demo-page.ts';
import { launchChromium } from './support/launch-chromium.ts';
import { startStoryBrowser } from './support/story-demo.ts';
import { startStorySystem } from './support/story-system.ts';
import type { DistributionJson } from './support/story-system.ts';

const basePath = junlogScenario.cookies.basePath;
const RESOLVE_STORY_NAMES = [parseResolveRule('*.junlog.dev:*:127.0.0.1')];
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CORS_WITH_PREFLIGHT = '5cc3b908-e619-4b99-88e5-2cf7f45965bd';
const CORS_S3_ORIGIN = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';

function consoleMessageOf(report: DoctorReport): string | undefined {
  return report.pageSees.kind === 'network-error' ? report.pageSees.consoleMessage : undefined;
}

describe('the doctor on the founding story', () => {
  it('agrees with Chromium on every step and names the story’s root cause', async (t) => {
    const { demo, page, cdp } = await startStoryBrowser(t);
    const ca = readFileSync(demo.prepared.caCertPath, 'utf8');
    const lessonUrl = `${demo.names.cdnOrigin}/${basePath}/lesson.json`;
    // Step 2's wildcard comes from the origin not seeing Origin: the doctor may name either end of it (the
    // story names the wildcard; the fix it leads to is forwarding Origin), but must mention the wildcard.
    const expected = {
      1: { verdict: 'blocked', rootCause: ['cookie-rejected-domain'] },
      2: { verdict: 'blocked', rootCause: ['wildcard-with-credentials', 'origin-not-forwarded'] },
      3: { verdict: 'blocked', rootCause: ['stale-cache'] },
      4: { verdict: 'ok', rootCause: ['ok'] },
    } as const;
    const lineMismatches: string[] = [];
    const storyDivergences: string[] = [];
    await page.goto(`${demo.names.pageOrigin}/`);
    await page.waitForFunction(
      () => typeof (window as unknown as { runStep?: unknown }).runStep === 'function',
    );
    await screenshotOnFailure(page, 'doctor-founding-story', async () => {
      for (const step of [1, 2, 3, 4] as const) {
        // The doctor goes first (the step's edge state as set up), then the page runs the same step.
        const { backendOrigin } = await demo.setStep(step);
        const report = await diagnose({
          pageOrigin: demo.names.pageOrigin,
          url: lessonUrl,
          credentials: 'include',
          backendUrl: `${backendOrigin}/api/cookies`,
          resolve: RESOLVE_STORY_NAMES,
          ca,
          adminUrl: demo.frontgate.adminUrl,
        });
        const run = await runDemoStep(page, cdp, step);
        const chromiumVerdict = run.result('lesson.json from CDN').ok ? 'ok' : 'blocked';
        assert.equal(chromiumVerdict, expected[step].verdict, `step ${step}: Chromium`);
        if (step === 3 && report.verdict !== chromiumVerdict) {
          storyDivergences.push(
            `step 3: doctor ${report.verdict} (${report.rootCause.code}), Chromium blocked`,
          );
          continue;
        }
        assert.equal(report.verdict, chromiumVerdict, `step ${step}: doctor vs Chromium`);
        assert.ok(
          (expected[step].rootCause as readonly string[]).includes(report.rootCause.code),
          `step ${step}: root cause ${report.rootCause.code}: ${report.rootCause.explanation}`,
        );
        if (step === 2) assert.match(report.rootCause.explanation, /Access-Control-Allow-Origin: \*/);
        if (chromiumVerdict === 'blocked') {
          const seen = corsMessages(run.cdp.logs).find((line) => line.includes(`'${lessonUrl}'`));
          if (consoleMessageOf(report) !== seen)
            lineMismatches.push(`step ${step}\n  Chromium: ${seen}\n  doctor:   ${consoleMessageOf(report)}`);
        }
      }
    });
    await t.test("the doctor's console line is Chromium's, word for word", () =>
      assert.deepEqual(lineMismatches, []),
    );
    await t.test('step 3: the doctor hits the stale entry Chromium hits', () =>
      assert.deepEqual(storyDivergences, []),
    );
  });
});

type Case = {
  readonly headersPolicy: 'cors-with-preflight' | 'exact-origins' | 'none';
  readonly cachePolicy: 'caching-optimized' | 'origin-in-key';
  readonly originRequestPolicy: 'none' | 'cors-s3origin';
  readonly signed: boolean;
  readonly pageSubdomain: 'local' | 'other';
  readonly method: 'GET' | 'HEAD';
  readonly customHeader: boolean;
  readonly credentials: 'include' | 'omit';
};

/**
 * Every distribution configuration (3 × 2 × 2 × 2 = 24), each asked two requests per method (without and
 * with a custom header, i.e. simple vs preflighted); page origin and credentials mode rotate so that each of
 * their values meets every configuration dimension somewhere (48 cases per method).
 */
function generateCases(): Case[] {
  const cases: Case[] = [];
  for (const method of ['GET', 'HEAD'] as const) {
    let n = 0;
    for (const headersPolicy of ['cors-with-preflight', 'exact-origins', 'none'] as const)
      for (const cachePolicy of ['caching-optimized', 'origin-in-key'] as const)
        for (const originRequestPolicy of ['none', 'cors-s3origin'] as const)
          for (const signed of [true, false]) {
            for (let variant = 0; variant < 2; variant++, n++) {
              cases.push({
                headersPolicy,
                cachePolicy,
                originRequestPolicy,
                signed,
                pageSubdomain: (n >> 1) % 2 === 0 ? 'local' : 'other',
                method,
                customHeader: variant === 1,
                credentials: (n >> 2) % 2 === 0 ? 'include' : 'omit',
              });
            }
          }
  }
  return cases;
}

type Actor = 'chromium' | 'doctor';

/**
 * The object one actor requests in one case. Each is requested exactly once in the whole run, so no edge
 * cache entry, Chromium preflight-cache entry or earlier configuration can answer for it: the cases can
 * share one browser context and run side by side without invalidations in between.
 */
function caseObject(index: number, actor: Actor): DemoObject {
  const template = index % 2 === 0 ? LESSON : PLAYLIST;
  return {
    key: `${basePath}/matrix-${index}-${actor}.${index % 2 === 0 ? 'json' : 'm3u8'}`,
    contentType: template.contentType,
    body: template.body,
  };
}
const [LESSON, PLAYLIST] = ['lesson.json', 'master.m3u8'].map(
  (name) => demoMediaObjects(basePath).find((object) => object.key === `${basePath}/${name}`)!,
) as [DemoObject, DemoObject];

function distributionFor(base: DistributionJson, c: Case): DistributionJson {
  const d = structuredClone(base);
  const behavior = d.DistributionConfig.DefaultCacheBehavior;
  behavior.CachePolicyId =
    c.cachePolicy === 'origin-in-key' ? ORIGIN_IN_KEY_CACHE_POLICY_ID : CACHING_OPTIMIZED;
  if (c.originRequestPolicy === 'cors-s3origin') behavior.OriginRequestPolicyId = CORS_S3_ORIGIN;
  else delete behavior.OriginRequestPolicyId;
  if (c.headersPolicy === 'none') delete behavior.ResponseHeadersPolicyId;
  else
    behavior.ResponseHeadersPolicyId =
      c.headersPolicy === 'exact-origins' ? EXACT_ORIGINS_HEADERS_POLICY_ID : CORS_WITH_PREFLIGHT;
  if (!c.signed) behavior.TrustedKeyGroups = { Enabled: false, Quantity: 0 };
  return d;
}

const describeCase = (c: Case): string =>
  `${c.headersPolicy} + ${c.cachePolicy} + ORP ${c.originRequestPolicy} + ${c.signed ? 'signed' : 'unsigned'}; ` +
  `${c.method} from ${c.pageSubdomain}${c.customHeader ? ' with X-Player' : ''}, credentials ${c.credentials}`;

/** Cases by distribution configuration, in order of first appearance: one reload per configuration. */
function groupByDistribution(
  base: DistributionJson,
  cases: readonly Case[],
): { distribution: DistributionJson; cases: { index: number; c: Case }[] }[] {
  const groups = new Map<string, { distribution: DistributionJson; cases: { index: number; c: Case }[] }>();
  for (const [index, c] of cases.entries()) {
    const distribution = distributionFor(base, c);
    const key = JSON.stringify(distribution);
    const group = groups.get(key) ?? { distribution, cases: [] };
    group.cases.push({ index, c });
    groups.set(key, group);
  }
  return [...groups.values()];
}

describe('the doctor on a matrix of configurations', () => {
  it('gives the verdict Chromium reaches for GET and HEAD requests, case by case', async (t) => {
    const cases = generateCases();
    const system = await startStorySystem(t, {
      extraPageSubdomains: ['other'],
      cachePolicies: [originInKeyCachePolicy],
      responseHeadersPolicies: (origin) => [exactOriginsHeadersPolicy([origin('local'), origin('other')])],
      extraObjects: cases.flatMap((_, index) => [caseObject(index, 'chromium'), caseObject(index, 'doctor')]),
    });
    const chromium = await launchChromium({
      trustedLeafCerts: [system.prepared.tls.cert],
      ...browserDebugOptions(),
    });
    t.after(() => chromium.close());
    const ca = readFileSync(system.prepared.caCertPath, 'utf8');
    const urlOf = (index: number, actor: Actor): string =>
      `${system.names.cdnOrigin}/${caseObject(index, actor).key}`;

    // One profile holds the backend's cookies; one tab per page origin.
    const context = chromium.context;
    const pages = {
      local: await context.newPage(),
      other: await context.newPage(),
    };
    const captures = {
      local: await captureCdp(context, pages.local),
      other: await captureCdp(context, pages.other),
    };
    await pages.local.goto(`${system.pageOrigin('local')}/`);
    await pages.other.goto(`${system.pageOrigin('other')}/`);

    const runChromium = async (index: number, c: Case) => {
      const seen = await fetchAndObserve(
        pages[c.pageSubdomain],
        captures[c.pageSubdomain],
        urlOf(index, 'chromium'),
        {
          method: c.method,
          credentials: c.credentials,
          ...(c.customHeader ? { headers: { 'X-Player': '1' } } : {}),
        },
      );
      const verdict =
        seen.outcome.ok && seen.outcome.status >= 200 && seen.outcome.status < 300 ? 'ok' : 'blocked';
      return { verdict, corsMessage: seen.corsMessage } as const;
    };
    const runDoctor = (index: number, c: Case) =>
      diagnose({
        pageOrigin: system.pageOrigin(c.pageSubdomain),
        url: urlOf(index, 'doctor'),
        method: c.method,
        credentials: c.credentials,
        headers: c.customHeader ? [['X-Player', '1']] : [],
        backendUrl: system.cookiesUrl,
        backendRequestKind: 'navigation',
        resolve: RESOLVE_STORY_NAMES,
        ca,
        adminUrl: system.frontgate.adminUrl,
      });

    const mismatches: string[] = [];
    const lineMismatches: string[] = [];
    const outcomes = { ok: 0, blocked: 0 };
    for (const group of groupByDistribution(system.distribution('after-fix'), cases)) {
      await system.useDistribution(group.distribution);
      // Fresh cookies from the story's backend (they expire within minutes), as the page would get them.
      assert.equal((await fetchFromPage(pages.local, [system.cookiesUrl]))[0]!.ok, true);
      await Promise.all(
        group.cases.map(async ({ index, c }) => {
          const [seen, report] = await Promise.all([runChromium(index, c), runDoctor(index, c)]);
          outcomes[seen.verdict]++;
          // The doctor asked for its own object; its console line names that URL where Chromium's names its.
          const doctorLine = consoleMessageOf(report)?.replaceAll(
            urlOf(index, 'doctor'),
            urlOf(index, 'chromium'),
          );
          if (report.verdict !== seen.verdict)
            mismatches.push(
              `${describeCase(c)}: Chromium ${seen.verdict}${seen.corsMessage ? ` (${seen.corsMessage})` : ''}, ` +
                `doctor ${report.verdict} (${report.rootCause.code}: ${report.rootCause.explanation})`,
            );
          else if (
            seen.verdict === 'blocked' &&
            seen.corsMessage !== undefined &&
            doctorLine !== seen.corsMessage
          )
            lineMismatches.push(
              `${describeCase(c)}: console line differs\n  Chromium: ${seen.corsMessage}\n  doctor:   ${doctorLine}`,
            );
        }),
      );
    }
    t.diagnostic(`${cases.length} cases: Chromium ok ${outcomes.ok}, blocked ${outcomes.blocked}`);
    // Both outcomes must occur, or the matrix compares nothing interesting.
    assert.ok(outcomes.ok >= 3 && outcomes.blocked >= 3, JSON.stringify(outcomes));
    await t.test("the doctor's console line is Chromium's, word for word", () =>
      assert.deepEqual(lineMismatches, []),
    );
    assert.deepEqual(mismatches, []);
  });
});
