// Debug switches for the browser tests, read from the environment of the test run only (never by the
// product): FRONTGATE_BROWSER_HEADFUL=1 shows the window, FRONTGATE_BROWSER_SLOWMO=250 slows each action,
// FRONTGATE_BROWSER_SCREENSHOTS=1 keeps screenshots of passing runs too (failures always get one).

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export function browserDebugOptions(env: NodeJS.ProcessEnv = process.env): {
  headful: boolean;
  slowMoMs?: number;
} {
  const slowMo = Number(env.FRONTGATE_BROWSER_SLOWMO ?? 0);
  return {
    headful: env.FRONTGATE_BROWSER_HEADFUL === '1',
    ...(slowMo > 0 ? { slowMoMs: slowMo } : {}),
  };
}

export function wantsScreenshots(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FRONTGATE_BROWSER_SCREENSHOTS === '1';
}

/** Saves a full-page screenshot under a fresh temp dir and returns its path. */
export async function saveScreenshot(page: Page, label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-browser-shot-'));
  const path = join(dir, `${label.replace(/[^a-z0-9-]+/gi, '-').slice(0, 80)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs `body`; if it throws, screenshots the page first (path printed on stderr, kept after the run) so a
 * failure can be looked at, then rethrows.
 */
export async function screenshotOnFailure<T>(page: Page, label: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const path = await saveScreenshot(page, label).catch(
      (shotError: unknown) => `(no screenshot: ${String(shotError)})`,
    );
    process.stderr.write(`browser test "${label}" failed; screenshot: ${path}\n`);
    throw error;
  }
}
