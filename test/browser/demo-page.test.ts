// The rebuilt demo page in Chromium, clicked as a newcomer would: the four steps in a scrambled order and each
// twice must show the verdict the story states, Chromium's own console line, the cookie panel, the deciding
// stage of each CDN request and the step's extras; Reset must return to a clean state; nothing else may go
// wrong on the page. Screenshots of every step land in test-artifacts/browser/.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junlogScenario } from '../../src/demo/junlog-scenario.ts';
import { corsMessages } from './support/cdp-capture.ts';
import { screenshotOnFailure } from './support/debug-options.ts';
import { watchPageProblems } from './support/page-problems.ts';
import { startStoryBrowser } from './support/story-demo.ts';
import { saveArtifactScreenshot } from './support/test-artifacts.ts';
import { waitFor } from './support/wait-for.ts';

const basePath = junlogScenario.cookies.basePath;
const NO_ACAO = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const WILDCARD =
  "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*'";

/** What the story says each step shows (the junlog scenario). */
const STORY = {
  1: { verdict: 'Blocked', deciding: 'signed-access', reason: NO_ACAO, cookies: 'refused' },
  2: { verdict: 'Blocked', deciding: 'origin', reason: WILDCARD, cookies: 'stored' },
  3: { verdict: 'Blocked', deciding: 'cache', reason: WILDCARD, cookies: 'stored' },
  4: { verdict: 'Works', deciding: 'origin', reason: undefined, cookies: 'stored' },
} as const;

const ORDER = [3, 1, 4, 2, 2, 4, 1, 3] as const;

describe('the demo page', () => {
  it('tells each step as the story does, in any order and twice, and Reset starts over', async (t) => {
    const { demo, page, cdp, chromium } = await startStoryBrowser(t);
    const { pageOrigin, cdnOrigin } = demo.names;
    const lessonUrl = `${cdnOrigin}/${basePath}/lesson.json`;
    const problems = watchPageProblems(page, { expectedCorsTo: cdnOrigin });
    await page.goto(`${pageOrigin}/`);
    await page.waitForFunction(
      () => typeof (window as unknown as { runStep?: unknown }).runStep === 'function',
    );
    // Records whether every button was disabled at some point while a step ran.
    await page.evaluate(() => {
      const w = window as unknown as { sawAllDisabled: boolean };
      w.sawAllDisabled = false;
      new MutationObserver(() => {
        const buttons = [...document.querySelectorAll<HTMLButtonElement>('#steps button, #reset')];
        if (buttons.every((b) => b.disabled)) w.sawAllDisabled = true;
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['disabled'] });
    });

    await screenshotOnFailure(page, 'demo-page', async () => {
      const seen = new Map<number, number>();
      for (const step of ORDER) {
        const run = (seen.get(step) ?? 0) + 1;
        seen.set(step, run);
        await t.test(
          `step ${step} (run ${run}) shows ${STORY[step].verdict}, decided at ${STORY[step].deciding}`,
          async () => {
            const story = STORY[step];
            const mark = cdp.mark();
            const runs = Number((await page.getAttribute('body', 'data-runs')) ?? 0);
            await page.evaluate(() => {
              (window as unknown as { sawAllDisabled: boolean }).sawAllDisabled = false;
            });
            await page.click(`#steps button[data-step="${step}"]`);
            await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs);
            await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#reset')!.disabled);
            assert.equal(
              await page.evaluate(() => (window as unknown as { sawAllDisabled: boolean }).sawAllDisabled),
              true,
              'buttons disabled while the step ran',
            );
            assert.equal(
              await page.getAttribute('#steps button[aria-current="step"]', 'data-step'),
              String(step),
            );

            assert.equal(await page.textContent('#verdict .verdict'), story.verdict);
            const lines = page.locator('#verdict q.console-line');
            const shownLine = (await lines.count()) === 0 ? null : await lines.textContent();
            if (story.reason === undefined) {
              assert.equal(shownLine, null);
              assert.deepEqual(corsMessages(cdp.since(mark).logs), []);
            } else {
              await waitFor(
                () => corsMessages(cdp.since(mark).logs).some((line) => line.includes(`'${lessonUrl}'`)),
                'Chromium CORS line',
              );
              const chromiumLine = corsMessages(cdp.since(mark).logs).find((line) =>
                line.includes(`'${lessonUrl}'`),
              );
              assert.equal(shownLine, chromiumLine, 'the page shows Chromium’s own console line');
              assert.ok(chromiumLine?.includes(story.reason));
            }

            const lessonFigure = page.locator(
              `#pipelines .request[data-path="/${basePath}/lesson.json"] figure.pipeline`,
            );
            assert.equal(await lessonFigure.getAttribute('data-deciding'), story.deciding);
            assert.deepEqual(
              await lessonFigure
                .locator('.stage-strip > li')
                .evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.stage)),
              [
                'receive',
                'behavior',
                'signed-access',
                'function',
                'cache',
                'origin',
                'response-headers',
                'send',
              ],
            );
            assert.equal(
              await lessonFigure.locator('.stage.deciding').getAttribute('data-stage'),
              story.deciding,
            );

            const cookieStates = await page
              .locator('#cookie-store li')
              .evaluateAll((items) => items.map((i) => i.className));
            assert.deepEqual(cookieStates, [story.cookies, story.cookies, story.cookies]);
            const sentToLesson = await page.locator('#cookies-sent li').first().textContent();
            if (story.cookies === 'refused') assert.match(sentToLesson ?? '', /no cookies/);
            else assert.match(sentToLesson ?? '', /CloudFront-Key-Pair-Id/);
            if (step === 1) assert.match((await page.textContent('#cookie-store')) ?? '', /Domain attribute/);

            if (step !== 4)
              assert.equal(await page.isHidden('#player'), true, 'no player when the playlist is blocked');
            if (step === 2 || step === 3) {
              const decisive = lessonFigure.locator('code.header.decisive').first();
              assert.equal(await decisive.textContent(), 'Access-Control-Allow-Origin: *');
              const box = await decisive.evaluate((node) => {
                const style = getComputedStyle(node);
                return {
                  height: node.getBoundingClientRect().height,
                  line: Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.5,
                  whiteSpace: style.whiteSpace,
                };
              });
              assert.equal(box.whiteSpace, 'nowrap');
              assert.ok(
                box.height < box.line * 1.6,
                `the decisive header stays on one line (${box.height}px)`,
              );
            }
            if (step === 3) {
              const entry = (await page.textContent('#cache-entry')) ?? '';
              assert.match(
                entry,
                /hit, \d+ s old, stored under config E1BROKEN; the config in force is E2FIXED/,
              );
              assert.match(
                (await page.textContent('#step-extra .compare')) ?? '',
                /origin request policy\s*none[\s\S]*Managed-CORS-S3Origin/,
              );
            }
            if (step === 4) {
              const purged = await page.locator('#purged li').allTextContents();
              assert.equal(purged.length, 2);
              assert.ok(
                purged.some((line) => line.includes(`/${basePath}/lesson.json`) && line.includes('E1BROKEN')),
              );
            }
            const command = (await page.textContent('#doctor-command')) ?? '';
            const backend = step === 1 ? demo.names.backendBeforeOrigin : demo.names.backendAfterOrigin;
            assert.ok(command.startsWith('frontgate doctor '), command);
            assert.ok(command.includes(`--backend-url ${backend}/api/cookies`), command);
            assert.ok(command.includes(`--admin ${demo.frontgate.adminUrl}`), command);
            assert.ok(command.includes(`--url ${lessonUrl}`), command);

            if (run === 1)
              t.diagnostic(`screenshot: ${await saveArtifactScreenshot(page, `demo-step-${step}`)}`);
          },
        );
      }

      await t.test(
        'Reset clears the page’s cookies and the edge cache and restores the original distribution',
        async () => {
          assert.ok((await chromium.context.cookies()).some((c) => c.name.startsWith('CloudFront-')));
          await page.click('#reset');
          await page.waitForFunction(() =>
            /Reset done/.test(document.querySelector('#progress')?.textContent ?? ''),
          );
          assert.deepEqual(
            (await chromium.context.cookies()).filter((c) => c.name.startsWith('CloudFront-')),
            [],
          );
          assert.deepEqual(demo.frontgate.console?.cacheEntries(), []);
          assert.equal(await page.isHidden('#result'), true);
          const state = await page.evaluate(async () => (await fetch('/demo/state')).json());
          assert.equal((state as { distribution: string }).distribution, 'before-fix');
          await saveArtifactScreenshot(page, 'demo-after-reset');
        },
      );

      await t.test('nothing else went wrong on the page (only the CORS failures the steps are about)', () => {
        assert.deepEqual(problems.list(), []);
      });
    });
  });
});
