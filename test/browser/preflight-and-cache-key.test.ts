// Two traps past the founding story, in Chromium: (a) a preflighted request (a custom header) on the
// signed-cookie behavior — preflights carry no cookies, so CloudFront answers the OPTIONS with MissingKey —
// and (b) two page origins behind a cache key without Origin: whoever comes first decides the
// Access-Control-Allow-Origin everybody gets, until Origin is in the cache key (AWS: "Configure CloudFront to respect cross-origin resource sharing (CORS) settings").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoMediaObjects } from '../../src/demo/demo-media.ts';
import { junlogScenario } from '../../src/demo/junlog-scenario.ts';
import { getSignedUrl } from '../../src/signer/index.ts';
import { captureCdp } from './support/cdp-capture.ts';
import { browserDebugOptions, screenshotOnFailure } from './support/debug-options.ts';
import { fetchAndObserve, fetchFromPage, requestEdge } from './support/demo-page.ts';
import { ORIGIN_IN_KEY_CACHE_POLICY_ID, originInKeyCachePolicy } from './support/custom-policies.ts';
import { launchChromium } from './support/launch-chromium.ts';
import { startStorySystem } from './support/story-system.ts';
import type { StorySystem } from './support/story-system.ts';

const basePath = junlogScenario.cookies.basePath;
const seeded = new Map(demoMediaObjects(basePath).map((object) => [object.key, object.body]));

async function startBrowser(t: Parameters<typeof startStorySystem>[0], system: StorySystem) {
  const chromium = await launchChromium({
    trustedLeafCerts: [system.prepared.tls.cert],
    ...browserDebugOptions(),
  });
  t.after(() => chromium.close());
  return chromium;
}

function blockedBy(pageOrigin: string, url: string, reason: string): string {
  return `Access to fetch at '${url}' from origin '${pageOrigin}' has been blocked by CORS policy: ${reason}`;
}

describe('preflights on the signed behavior', () => {
  it('fail with MissingKey because preflights carry no cookies; a signed URL carries its signature into the OPTIONS, once CORS-S3Origin forwards the preflight headers', async (t) => {
    const system = await startStorySystem(t);
    const chromium = await startBrowser(t, system);
    const pageOrigin = system.names.pageOrigin;
    const objectUrl = (name: string) => `${system.names.cdnOrigin}/${basePath}/${name}`;
    await system.useDistribution(system.distribution('after-fix'));

    const page = await chromium.newPage();
    const cdp = await captureCdp(chromium.context, page);
    await page.goto(`${pageOrigin}/`);
    await screenshotOnFailure(page, 'preflight', async () => {
      const cookies = await fetchFromPage(page, [system.cookiesUrl]);
      assert.equal(cookies[0]!.ok, true);

      // Control: the same credentialed GET without the custom header needs no preflight and works.
      const simple = await fetchAndObserve(page, cdp, objectUrl('lesson.json'));
      assert.equal(simple.outcome.ok, true);
      assert.equal(simple.response('OPTIONS'), undefined);

      const preflighted = await fetchAndObserve(page, cdp, objectUrl('master.m3u8'), {
        headers: { 'X-Player': '1' },
      });
      assert.equal(preflighted.outcome.ok, false);
      assert.match(preflighted.outcome.ok ? '' : preflighted.outcome.error, /^TypeError/);
      const options = preflighted.response('OPTIONS');
      assert.equal(options?.status, 403);
      assert.equal(options?.headers['x-cache'], 'Error from cloudfront');
      assert.equal(preflighted.response('GET'), undefined, 'the actual request is never sent');
      assert.equal(preflighted.failure?.corsError, 'PreflightMissingAllowOriginHeader');
      assert.equal(
        preflighted.corsMessage,
        blockedBy(
          pageOrigin,
          objectUrl('master.m3u8'),
          "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        ),
      );
      // The same preflight from outside the browser shows what Chromium hides: CloudFront's MissingKey.
      const outside = await requestEdge(system, `/${basePath}/master.m3u8`, {
        method: 'OPTIONS',
        headers: {
          origin: pageOrigin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'x-player',
        },
      });
      assert.equal(outside.status, 403);
      assert.match(outside.body.toString('utf8'), /<Code>MissingKey<\/Code>/);
      // Chromium attached no cookies to the preflight (and so the edge saw none).
      const preflightCookies = preflighted.cdp.sentCookies.filter(
        (sent) => sent.url === objectUrl('master.m3u8') && sent.method === 'OPTIONS',
      );
      for (const sent of preflightCookies) assert.deepEqual(sent.sent, []);

      // A signed URL's signature is part of the URL, so the preflight carries it too.
      const signedUrl = (name: string) =>
        getSignedUrl({
          url: objectUrl(name),
          keyPairId: system.prepared.keyPairId,
          privateKey: system.prepared.privateKey,
          dateLessThan: new Date(Date.now() + 100_000).toISOString(),
        });
      const viaSignedUrl = await fetchAndObserve(page, cdp, signedUrl('segment-0.ts'), {
        headers: { 'X-Player': '1' },
      });
      assert.ok(viaSignedUrl.outcome.ok, viaSignedUrl.corsMessage);
      assert.deepEqual(
        Buffer.from(viaSignedUrl.outcome.bodyBase64, 'base64'),
        seeded.get(`${basePath}/segment-0.ts`),
      );
      const answered = viaSignedUrl.response('OPTIONS');
      assert.equal(answered?.status, 200);
      assert.equal(answered?.headers['access-control-allow-origin'], pageOrigin);
      assert.equal(answered?.headers['access-control-allow-credentials'], 'true');
      assert.match(answered?.headers['access-control-allow-headers'] ?? '', /x-player/i);

      // …but only because CORS-S3Origin forwards Origin and Access-Control-Request-*: without it S3 cannot
      // answer the preflight. A fresh context, so Chromium's preflight cache does not answer instead.
      await system.useDistribution(system.distribution('before-fix'));
      await system.invalidateAll();
      const fresh = await chromium.newContext();
      const page2 = await fresh.newPage();
      const cdp2 = await captureCdp(fresh, page2);
      await page2.goto(`${pageOrigin}/`);
      const segment1Url = signedUrl('segment-1.ts');
      const beforeFix = await fetchAndObserve(page2, cdp2, segment1Url, {
        headers: { 'X-Player': '1' },
      });
      assert.equal(beforeFix.outcome.ok, false);
      // S3 gets an OPTIONS without Origin and refuses it (400); CORS-With-Preflight still decorates the 400
      // with '*'. Chromium checks Access-Control-Allow-Origin before the status, so the wildcard is what it names.
      const refused = beforeFix.response('OPTIONS');
      assert.equal(refused?.status, 400);
      assert.equal(refused?.headers['access-control-allow-origin'], '*');
      assert.equal(beforeFix.failure?.corsError, 'PreflightWildcardOriginNotAllowed');
      assert.equal(
        beforeFix.corsMessage,
        blockedBy(
          pageOrigin,
          segment1Url,
          "Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
        ),
      );
    });
  });
});

describe('two page origins and a cache key without Origin', () => {
  it("serves the first origin's Access-Control-Allow-Origin to the second until Origin is in the cache key", async (t) => {
    const system = await startStorySystem(t, {
      extraPageSubdomains: ['other'],
      cachePolicies: [originInKeyCachePolicy],
    });
    const chromium = await startBrowser(t, system);
    const local = system.names.pageOrigin;
    const other = system.pageOrigin('other');
    const lessonUrl = `${system.names.cdnOrigin}/${basePath}/lesson.json`;
    await system.useDistribution(system.distribution('after-fix'));

    // One profile, two pages: the cookies (Domain=.junlog.dev) are shared, as for one user on two sites.
    const localPage = await chromium.newPage();
    const localCdp = await captureCdp(chromium.context, localPage);
    await localPage.goto(`${local}/`);
    const otherPage = await chromium.newPage();
    const otherCdp = await captureCdp(chromium.context, otherPage);
    await otherPage.goto(`${other}/`);

    await screenshotOnFailure(otherPage, 'two-origins', async () => {
      assert.equal((await fetchFromPage(localPage, [system.cookiesUrl]))[0]!.ok, true);

      const first = await fetchAndObserve(localPage, localCdp, lessonUrl);
      assert.equal(first.outcome.ok, true);
      assert.equal(first.response('GET')?.headers['x-cache'], 'Miss from cloudfront');
      assert.equal(first.response('GET')?.headers['access-control-allow-origin'], local);

      const second = await fetchAndObserve(otherPage, otherCdp, lessonUrl);
      assert.equal(second.outcome.ok, false);
      assert.equal(second.response('GET')?.headers['x-cache'], 'Hit from cloudfront');
      assert.equal(second.response('GET')?.headers['access-control-allow-origin'], local);
      assert.equal(second.failure?.corsError, 'AllowOriginMismatch');
      assert.equal(
        second.corsMessage,
        blockedBy(
          other,
          lessonUrl,
          `The 'Access-Control-Allow-Origin' header has a value '${local}' that is not equal to the supplied origin. Have the server send the header with a valid value.`,
        ),
      );

      // The fix: Origin in the cache key (a custom cache policy), then an invalidation.
      const fixed = system.distribution('after-fix');
      fixed.DistributionConfig.DefaultCacheBehavior.CachePolicyId = ORIGIN_IN_KEY_CACHE_POLICY_ID;
      await system.useDistribution(fixed);
      await system.invalidateAll();

      const otherFirst = await fetchAndObserve(otherPage, otherCdp, lessonUrl);
      assert.ok(otherFirst.outcome.ok, otherFirst.corsMessage);
      assert.equal(otherFirst.response('GET')?.headers['x-cache'], 'Miss from cloudfront');
      assert.equal(otherFirst.response('GET')?.headers['access-control-allow-origin'], other);
      assert.deepEqual(
        Buffer.from(otherFirst.outcome.bodyBase64, 'base64'),
        seeded.get(`${basePath}/lesson.json`),
      );

      const localAgain = await fetchAndObserve(localPage, localCdp, lessonUrl);
      assert.ok(localAgain.outcome.ok, localAgain.corsMessage);
      assert.equal(
        localAgain.response('GET')?.headers['x-cache'],
        'Miss from cloudfront',
        'its own cache entry',
      );
      assert.equal(localAgain.response('GET')?.headers['access-control-allow-origin'], local);

      const otherAgain = await fetchAndObserve(otherPage, otherCdp, lessonUrl);
      assert.ok(otherAgain.outcome.ok, otherAgain.corsMessage);
      assert.equal(otherAgain.response('GET')?.headers['x-cache'], 'Hit from cloudfront');
      assert.equal(otherAgain.response('GET')?.headers['access-control-allow-origin'], other);
    });
  });
});
