// Screenshots kept for review after a browser test run, under `test-artifacts/browser/` at the repository
// root (gitignored), one file per name: a later run overwrites the same file.

import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../../test-artifacts/browser');

export async function saveArtifactScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
