// The web console in Chromium, on the founding story's demo: it lists what the config defines, each story
// step's CDN request appears in the live list and opens as a pipeline decided at the right stage, the cache
// can be invalidated from it, it never shows a cookie or signature value, and its pages log no errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junlogScenario } from '../../src/demo/junlog-scenario.ts';
import { screenshotOnFailure } from './support/debug-options.ts';
import { watchPageProblems } from './support/page-problems.ts';
import { startStoryBrowser } from './support/story-demo.ts';
import { saveArtifactScreenshot } from './support/test-artifacts.ts';

const basePath = junlogScenario.cookies.basePath;
const DECIDING = { 1: 'signed-access', 2: 'origin', 3: 'cache', 4: 'origin' } as const;
const VERDICT = { 1: 'blocked', 2: 'blocked', 3: 'blocked', 4: 'works' } as const;

describe('the web console', () => {
  it('shows the config, every request as a pipeline, the cache and invalidations', async (t) => {
    const { demo, page, chromium } = await startStoryBrowser(t);
    const consolePage = await chromium.context.newPage();
    const problems = watchPageProblems(consolePage);
    const consoleUrl = demo.consoleUrl;
    assert.match(consoleUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'loopback: no token in the URL');
    await page.goto(`${demo.names.pageOrigin}/`);
    await page.waitForFunction(
      () => typeof (window as unknown as { runStep?: unknown }).runStep === 'function',
    );
    await consolePage.goto(consoleUrl);

    await screenshotOnFailure(consolePage, 'console', async () => {
      await t.test(
        'the console lists the distribution, its behavior, policies, origin, key group and bucket',
        async () => {
          await consolePage.click('nav a[data-view="distributions"]');
          const card = consolePage.locator('article[data-distribution="E1JUNLOGDEV"]');
          await card.waitFor();
          const text = (await card.textContent()) ?? '';
          for (const expected of [
            demo.names.cdnHost,
            'Managed-CachingOptimized',
            '658327ea-f89d-4fab-a63d-7e88639e58f6',
            'Managed-CORS-With-Preflight',
            '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
            'junlog-media.s3.ap-northeast-2.amazonaws.com',
            'E2JUNLOGOACMEDIA',
            'junlog-dev',
            junlogScenario.cookies.keyGroupId,
            junlogScenario.cookies.keyPairId,
          ])
            assert.ok(text.includes(expected), `distribution card shows ${expected}`);
          const behavior = await card
            .locator('table.behaviors tbody tr')
            .first()
            .locator('td')
            .allTextContents();
          assert.equal(behavior[0], '*');
          assert.equal(behavior[3], 'none', 'no origin request policy before the fix');
          assert.equal(behavior[5], 'none', 'no function associated');
          await consolePage.click('nav a[data-view="buckets"]');
          const bucket = await consolePage
            .locator('table.buckets tbody tr')
            .first()
            .locator('td')
            .allTextContents();
          assert.equal(bucket[0], 'junlog-media');
          assert.ok(
            bucket[3]?.includes(demo.names.pageOrigin),
            `CORS rules name the page origin: ${bucket[3]}`,
          );
          // allowedDistributions stands for a bucket policy granting the distribution's OAC.
          assert.ok(bucket[4]?.includes('cloudfront.amazonaws.com'), `bucket policy shown: ${bucket[4]}`);
          assert.ok(bucket[4]?.includes(':distribution/E1JUNLOGDEV'), 'it names the distribution ARN');
          assert.equal(bucket[5], 'E1JUNLOGDEV');
          await saveArtifactScreenshot(consolePage, 'console-distributions-and-buckets');
        },
      );

      for (const step of [1, 2, 3, 4] as const) {
        await t.test(
          `story step ${step}: the lesson request appears and its pipeline is decided at ${DECIDING[step]}`,
          async () => {
            const before = new Set(demo.frontgate.console?.requests({}).map((r) => r.id));
            await page.evaluate(
              (n) => (window as unknown as { runStep: (n: number) => Promise<unknown> }).runStep(n),
              step,
            );
            const newest = demo.frontgate.console
              ?.requests({ path: 'lesson.json' })
              .find((r) => !before.has(r.id));
            assert.ok(newest, 'the edge recorded the step’s request');
            await consolePage.click('nav a[data-view="requests"]');
            await consolePage.fill('#request-filter [name=path]', 'lesson.json');
            const row = consolePage.locator(`#requests button[data-request-id="${newest.id}"]`);
            await row.waitFor();
            // Newest first: the rows in the order the edge recorded them, latest on top (another request may
            // have arrived since `newest` was read, so the order is compared, not the first row alone).
            const shown = await consolePage
              .locator('#requests tbody button[data-request-id]')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')));
            const recorded = (demo.frontgate.console?.requests({ path: 'lesson.json' }) ?? []).map(
              (r) => r.id,
            );
            assert.deepEqual(
              shown,
              recorded.filter((id) => shown.includes(id)),
              'newest first',
            );
            await row.focus();
            await consolePage.keyboard.press('Enter');
            const figure = consolePage.locator(`figure.pipeline[data-request-id="${newest.id}"]`);
            await figure.waitFor();
            assert.equal(await figure.getAttribute('data-deciding'), DECIDING[step]);
            assert.deepEqual(await figure.locator('.stage-strip > li .stage-label').allTextContents(), [
              'Receive',
              'Behavior',
              'Signed access',
              'Function',
              'Cache',
              'Origin',
              'Response headers',
              'Send',
            ]);
            assert.equal(
              await figure.locator('.stage-detail[data-stage="function"] p').textContent(),
              'not associated',
            );
            assert.equal(
              await consolePage.getAttribute('#detail-body .diagnosis', 'data-verdict'),
              VERDICT[step],
            );
            await saveArtifactScreenshot(consolePage, `console-request-step-${step}`);
          },
        );
      }

      await t.test(
        'another page origin or credentials mode changes the verdict the console draws',
        async () => {
          await consolePage.selectOption('#diagnose-as [name=credentials]', 'omit');
          await consolePage.waitForFunction(() =>
            document.querySelector('#detail-body .diagnosis')?.textContent?.includes("'omit'"),
          );
          await consolePage.fill('#diagnose-as [name=pageOrigin]', 'https://elsewhere.example');
          await consolePage.press('#diagnose-as [name=pageOrigin]', 'Enter');
          await consolePage.waitForFunction(() =>
            document.querySelector('#detail-body .diagnosis')?.textContent?.includes('elsewhere.example'),
          );
          assert.equal(await consolePage.getAttribute('#detail-body .diagnosis', 'data-verdict'), 'blocked');
        },
      );

      await t.test('the status filter narrows the list', async () => {
        await consolePage.fill('#request-filter [name=path]', '');
        await consolePage.fill('#request-filter [name=status]', '403');
        await consolePage.waitForFunction(() =>
          [...document.querySelectorAll('#requests tbody tr')].every(
            (tr) => (tr as HTMLElement).dataset.status === '403',
          ),
        );
        assert.ok(
          (await consolePage.locator('#requests tbody tr[data-status="403"]').count()) >= 2,
          'step 1 made 403s',
        );
        await consolePage.fill('#request-filter [name=status]', '');
      });

      await t.test('a live refresh keeps keyboard focus on the same request', async () => {
        // Read the id from what holds focus: a refresh may land between locating the first row and focusing it.
        await consolePage.locator('#requests tbody button[data-request-id]').first().focus();
        const focusedId = await consolePage.evaluate(
          () => (document.activeElement as HTMLElement | null)?.dataset.requestId,
        );
        assert.ok(focusedId, 'a request row holds focus');
        const known = new Set(demo.frontgate.console?.requests({}).map((r) => r.id));
        await page.evaluate(
          (url) => fetch(url, { credentials: 'include', cache: 'no-store' }).catch(() => {}),
          `${demo.names.cdnOrigin}/${basePath}/lesson.json`,
        );
        const added = demo.frontgate.console?.requests({}).find((r) => !known.has(r.id));
        assert.ok(added, 'the new request was recorded');
        await consolePage.locator(`#requests button[data-request-id="${added.id}"]`).waitFor();
        assert.equal(
          await consolePage.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.requestId),
          focusedId,
        );
      });

      await t.test(
        'the cache shows each entry’s age, TTL and config version, and Invalidate purges it',
        async () => {
          await page.evaluate(() =>
            (window as unknown as { runStep: (n: number) => Promise<unknown> }).runStep(3),
          );
          await consolePage.click('nav a[data-view="cache"]');
          const lessonRow = consolePage.locator('table.cache tbody tr', {
            hasText: `/${basePath}/lesson.json`,
          });
          await lessonRow.waitFor();
          const cells = await lessonRow.locator('td').allTextContents();
          assert.equal(cells[0], 'E1JUNLOGDEV');
          assert.match(cells[4] ?? '', /^\d+ s$/);
          assert.match(cells[5] ?? '', /^\d+ s$/);
          assert.match(cells[6] ?? '', /E1BROKEN \(not the current config\)/);
          await saveArtifactScreenshot(consolePage, 'console-cache');
          await lessonRow.getByRole('button', { name: `Invalidate /${basePath}/lesson.json` }).click();
          await consolePage.waitForFunction(() =>
            /1 cached object\(s\) purged/.test(
              document.querySelector('#invalidate-result')?.textContent ?? '',
            ),
          );
          // The cache table is redrawn by its next refresh, not by the Invalidate answer itself.
          await consolePage.waitForFunction(
            (path) =>
              ![...document.querySelectorAll('table.cache tbody tr')].some((row) =>
                (row.textContent ?? '').includes(path),
              ),
            `/${basePath}/lesson.json`,
          );
          await consolePage.click('nav a[data-view="invalidations"]');
          const invalidation = consolePage.locator('table.invalidations tbody tr', {
            hasText: `/${basePath}/lesson.json`,
          });
          await invalidation.waitFor();
          assert.match((await invalidation.textContent()) ?? '', /Completed/);
          await saveArtifactScreenshot(consolePage, 'console-invalidations');
        },
      );

      await t.test('no cookie or signature value ever reaches the console', async () => {
        const secrets = (await chromium.context.cookies())
          .filter((c) => c.name === 'CloudFront-Signature' || c.name === 'CloudFront-Policy')
          .map((c) => c.value);
        assert.equal(secrets.length, 2);
        const ids = demo.frontgate.console?.requests({}).map((r) => r.id) ?? [];
        const bodies = await consolePage.evaluate(async (list) => {
          const out = [];
          for (const id of list)
            out.push(await (await fetch(`/console/api/requests/${encodeURIComponent(id)}`)).text());
          out.push(await (await fetch('/console/api/overview')).text());
          return out.join('\n');
        }, ids);
        for (const secret of secrets) assert.ok(!bodies.includes(secret), 'a signed cookie value leaked');
        assert.ok(!bodies.includes('PRIVATE KEY'));
      });

      await t.test('the console pages log no errors', () => assert.deepEqual(problems.list(), []));
    });
  });
});
