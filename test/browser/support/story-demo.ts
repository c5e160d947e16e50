// Starts the founding story's demo for one browser test file (story names, free ports, its own data dir)
// together with a Chromium that reaches it, and tears both down when the test ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemo } from '../../../src/demo/start-demo.ts';
import type { RunningDemo } from '../../../src/demo/start-demo.ts';
import type { Logger } from '../../../src/log/logger.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { captureCdp } from './cdp-capture.ts';
import type { CdpCapture } from './cdp-capture.ts';
import { browserDebugOptions } from './debug-options.ts';
import { launchChromium } from './launch-chromium.ts';
import type { RunningChromium } from './launch-chromium.ts';

export type StoryBrowser = {
  readonly demo: RunningDemo;
  readonly chromium: RunningChromium;
  readonly page: Page;
  readonly cdp: CdpCapture;
  readonly dataDir: string;
};

const ALL_FREE_PORTS = { page: 0, backend: 0, edgeHttps: 0, edgeHttp: 0, s3: 0, admin: 0 };

/**
 * Demo + Chromium on a fresh profile, with CDP capture attached to one page (not yet navigated).
 * Everything is closed in one `t.after`, browser first so its connections do not hold the demo's listeners.
 */
export async function startStoryBrowser(
  t: TestContext,
  options: { readonly extraLeafCerts?: readonly string[]; readonly logger?: Logger } = {},
): Promise<StoryBrowser> {
  const cleanups: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'frontgate-browser-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const demo = await startDemo({
    mode: 'story',
    dataDir,
    logger: options.logger ?? silentLogger,
    ports: ALL_FREE_PORTS,
  });
  cleanups.push(() => demo.close());
  const chromium = await launchChromium({
    trustedLeafCerts: [demo.prepared.tls.cert, ...(options.extraLeafCerts ?? [])],
    ...browserDebugOptions(),
  });
  cleanups.push(() => chromium.close());
  const page = await chromium.newPage();
  const cdp = await captureCdp(chromium.context, page);
  return { demo, chromium, page, cdp, dataDir };
}
