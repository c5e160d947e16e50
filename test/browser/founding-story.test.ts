// The founding story (`examples/junlog/` (the founding story)) in a real Chromium: the demo page runs the four
// steps in order on one page load, and each step must fail — or finally work — exactly as the story says,
// checked from the page's side, from Chromium's own network records (CDP) and from outside the browser.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoMediaObjects } from '../../src/demo/demo-media.ts';
import { junlogScenario } from '../../src/demo/junlog-scenario.ts';
import { corsMessages } from './support/cdp-capture.ts';
import { saveScreenshot, screenshotOnFailure, wantsScreenshots } from './support/debug-options.ts';
import { accessControlHeaders, fetchFromPage, requestEdge, runDemoStep } from './support/demo-page.ts';
import type { StepRun } from './support/demo-page.ts';
import { startStoryBrowser } from './support/story-demo.ts';

const CLOUDFRONT_COOKIES = ['CloudFront-Key-Pair-Id', 'CloudFront-Policy', 'CloudFront-Signature'];
const basePath = junlogScenario.cookies.basePath;
const seeded = new Map(demoMediaObjects(basePath).map((object) => [object.key, object.body]));
const seededBody = (name: string): Buffer => {
  const body = seeded.get(`${basePath}/${name}`);
  if (body === undefined) throw new Error(`nothing seeded as ${name}`);
  return body;
};

function corsMessage(url: string, pageOrigin: string, reason: string): string {
  return `Access to fetch at '${url}' from origin '${pageOrigin}' has been blocked by CORS policy: ${reason}`;
}
const NO_ACAO = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const WILDCARD_WITH_CREDENTIALS =
  "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";

describe('the founding story in Chromium', () => {
  it('fails for the cookie domain, the wildcard and the stale cache, then plays after the invalidation', async (t) => {
    const { demo, page, cdp, chromium } = await startStoryBrowser(t);
    const { pageOrigin, cdnOrigin } = demo.names;
    const lessonPath = `/${basePath}/lesson.json`;
    const lessonUrl = `${cdnOrigin}${lessonPath}`;
    const playlistUrl = `${cdnOrigin}/${basePath}/master.m3u8`;
    const cloudFrontCookiesInJar = async () =>
      (await chromium.context.cookies())
        .filter((cookie) => cookie.name.startsWith('CloudFront-'))
        .map((cookie) => `${cookie.name}@${cookie.domain}`)
        .sort();
    const expectCorsFailure = (run: StepRun, url: string, reason: string, corsError: string) => {
      assert.match(
        run.result(url === lessonUrl ? 'lesson.json from CDN' : 'master.m3u8 from CDN').error ?? '',
        /^TypeError: /,
      );
      assert.equal(run.failure(url)?.corsError, corsError);
      assert.ok(
        corsMessages(run.cdp.logs).includes(corsMessage(url, pageOrigin, reason)),
        `Chromium's console should say: ${reason}\ngot: ${corsMessages(run.cdp.logs).join('\n')}`,
      );
    };

    await page.goto(`${pageOrigin}/`);
    await page.waitForFunction(
      () => typeof (window as unknown as { runStep?: unknown }).runStep === 'function',
    );

    await screenshotOnFailure(page, 'founding-story', async () => {
      await t.test(
        'step 1: cookies for .junlog.dev set from localhost are refused; the 403 reaches the page as a CORS failure',
        async () => {
          const run = await runDemoStep(page, cdp, 1);
          const cookieCall = run.result('cookies from backend');
          assert.equal(cookieCall.url, `${demo.names.backendBeforeOrigin}/api/cookies`);
          assert.equal(cookieCall.status, 200, 'the backend answered; only the cookies are refused');
          const refused = run.cdp.blockedSetCookies.filter((blocked) => blocked.url === cookieCall.url);
          assert.deepEqual(refused.map((blocked) => blocked.cookieName).sort(), CLOUDFRONT_COOKIES);
          for (const blocked of refused)
            assert.ok(blocked.reasons.includes('InvalidDomain'), blocked.reasons.join());
          assert.deepEqual(await cloudFrontCookiesInJar(), []);

          const sentToCdn = run.cdp.sentCookies.find((sent) => sent.url === lessonUrl);
          assert.deepEqual(sentToCdn?.sent, []);
          assert.equal(run.summary.lessonOk, false);
          expectCorsFailure(run, lessonUrl, NO_ACAO, 'MissingAllowOriginHeader');
          expectCorsFailure(run, playlistUrl, NO_ACAO, 'MissingAllowOriginHeader');

          const seen = run.response(lessonUrl);
          assert.equal(seen.status, 403);
          assert.deepEqual(accessControlHeaders(seen.headers), {});
          assert.deepEqual(
            run.summary.edge.filter((answer) => answer.path === lessonPath).map((answer) => answer.status),
            [403],
          );

          const outside = await requestEdge(demo, lessonPath, { headers: { origin: pageOrigin } });
          assert.equal(outside.status, 403);
          assert.match(outside.body.toString('utf8'), /<Code>MissingKey<\/Code>/);
          assert.deepEqual(
            Object.keys(outside.headers).filter((name) => name.startsWith('access-control-')),
            [],
          );
        },
      );

      await t.test(
        'step 2: cookies are stored and sent; the edge answers 200 with a wildcard the browser rejects',
        async () => {
          const run = await runDemoStep(page, cdp, 2);
          const cookieCall = run.result('cookies from backend');
          assert.equal(cookieCall.url, `${demo.names.backendAfterOrigin}/api/cookies`);
          assert.deepEqual(run.cdp.blockedSetCookies, []);
          assert.deepEqual(
            await cloudFrontCookiesInJar(),
            CLOUDFRONT_COOKIES.map((name) => `${name}@${demo.names.cookieDomain}`),
          );
          assert.deepEqual(
            [...(run.cdp.sentCookies.find((sent) => sent.url === lessonUrl)?.sent ?? [])].sort(),
            CLOUDFRONT_COOKIES,
          );

          assert.equal(run.summary.lessonOk, false);
          expectCorsFailure(run, lessonUrl, WILDCARD_WITH_CREDENTIALS, 'WildcardOriginNotAllowed');
          expectCorsFailure(run, playlistUrl, WILDCARD_WITH_CREDENTIALS, 'WildcardOriginNotAllowed');
          const seen = run.response(lessonUrl);
          assert.equal(seen.status, 200);
          assert.equal(seen.headers['access-control-allow-origin'], '*');
          assert.equal(seen.headers['access-control-allow-credentials'], undefined);
          assert.equal(seen.headers['x-cache'], 'Miss from cloudfront');
          // The demo page's own record of the edge's answer says the same (edge.traceAll).
          const recorded = run.summary.edge.find((answer) => answer.path === lessonPath);
          assert.equal(recorded?.corsHeaders['access-control-allow-origin'], '*');

          // curl with the same cookies gets the object: the content was never the problem.
          const cookieHeader = (await chromium.context.cookies(lessonUrl))
            .map((c) => `${c.name}=${c.value}`)
            .join('; ');
          const outside = await requestEdge(demo, lessonPath, { headers: { cookie: cookieHeader } });
          assert.equal(outside.status, 200);
          assert.deepEqual(outside.body, seededBody('lesson.json'));
        },
      );

      await t.test(
        'step 3: after the distribution fix but before an invalidation, cached wildcard answers still fail',
        async () => {
          const run = await runDemoStep(page, cdp, 3);
          assert.equal(run.summary.lessonOk, false);
          expectCorsFailure(run, lessonUrl, WILDCARD_WITH_CREDENTIALS, 'WildcardOriginNotAllowed');
          const seen = run.response(lessonUrl);
          assert.equal(seen.status, 200);
          assert.equal(seen.headers['x-cache'], 'Hit from cloudfront');
          assert.equal(seen.headers['access-control-allow-origin'], '*');
          assert.deepEqual(
            run.summary.edge.filter((answer) => answer.path === lessonPath).map((answer) => answer.xCache),
            ['Hit from cloudfront'],
          );
        },
      );

      await t.test(
        'step 4: after invalidating /*, the origin echoes the page origin and every object loads',
        async () => {
          const run = await runDemoStep(page, cdp, 4);
          assert.equal(run.summary.lessonOk, true);
          assert.equal(run.summary.lessonText, seededBody('lesson.json').toString('utf8'));
          assert.deepEqual(corsMessages(run.cdp.logs), []);
          const seen = run.response(lessonUrl);
          assert.equal(seen.headers['x-cache'], 'Miss from cloudfront');
          assert.equal(seen.headers['access-control-allow-origin'], pageOrigin);
          assert.equal(seen.headers['access-control-allow-credentials'], 'true');
          assert.match(seen.headers.vary ?? '', /\bOrigin\b/);

          const playlist = seededBody('master.m3u8').toString('utf8');
          const segments = playlist.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
          assert.equal(segments.length, 3);
          for (const segment of segments) assert.equal(run.result(segment).status, 200, segment);
          const names = ['lesson.json', 'master.m3u8', ...segments];
          const fetched = await fetchFromPage(
            page,
            names.map((name) => `${cdnOrigin}/${basePath}/${name}`),
          );
          names.forEach((name, i) => {
            const outcome = fetched[i]!;
            assert.ok(outcome.ok, `${name}: ${outcome.ok ? '' : outcome.error}`);
            assert.equal(outcome.status, 200);
            assert.deepEqual(Buffer.from(outcome.bodyBase64, 'base64'), seededBody(name), name);
          });

          if (wantsScreenshots()) {
            const shot = await saveScreenshot(page, 'founding-story-step-4');
            t.diagnostic(`screenshot of the demo page after step 4: ${shot}`);
          }
        },
      );
    });
  });
});
