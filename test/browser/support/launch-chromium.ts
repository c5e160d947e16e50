// Launches Debian's Chromium through playwright-core for the browser tests: the story's real names mapped
// to 127.0.0.1, HTTPS trusted only for the demo's own leaf key (SPKI pin), and nothing in the background
// that could make a test's network log noisy. See docs/browser-tests.md.

import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags every browser test uses (docs/browser-tests.md); `--headless` is added unless a headful run is asked for. */
export const BASE_CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The story's names on one machine: every *.junlog.dev name and localhost reach 127.0.0.1. */
export const STORY_HOST_RULES = 'MAP *.junlog.dev 127.0.0.1, MAP localhost 127.0.0.1';

export type ChromiumOptions = {
  /** PEM leaf certificates whose public keys Chromium accepts despite the unknown local CA. */
  readonly trustedLeafCerts: readonly string[];
  readonly hostResolverRules?: string;
  /** Show the window (debugging: FRONTGATE_BROWSER_HEADFUL=1, see docs/browser-tests.md). */
  readonly headful?: boolean;
  readonly slowMoMs?: number;
};

export type RunningChromium = {
  readonly browser: Browser;
  /** A first isolated context; `newContext` makes more (fresh cookies and caches each). */
  readonly context: BrowserContext;
  readonly newContext: () => Promise<BrowserContext>;
  readonly flags: readonly string[];
  readonly newPage: () => Promise<Page>;
  readonly close: () => Promise<void>;
};

/** base64(sha256(SubjectPublicKeyInfo DER)): the form `--ignore-certificate-errors-spki-list` takes. */
export function spkiSha256Base64(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export function chromiumFlags(options: ChromiumOptions): string[] {
  const flags = [...BASE_CHROMIUM_FLAGS];
  if (options.headful !== true) flags.unshift('--headless');
  flags.push(`--host-resolver-rules=${options.hostResolverRules ?? STORY_HOST_RULES}`);
  // Pinning the leaf's key keeps the rest of TLS checking real (names, validity, protocol), unlike
  // ignoreHTTPSErrors which accepts any certificate at all. Chromium honours this flag only with an
  // explicit --user-data-dir, which Playwright's launch() always passes (a fresh temporary profile).
  flags.push(
    `--ignore-certificate-errors-spki-list=${options.trustedLeafCerts.map(spkiSha256Base64).join(',')}`,
  );
  return flags;
}

export async function launchChromium(options: ChromiumOptions): Promise<RunningChromium> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `${CHROMIUM_PATH} is missing: run scripts/ensure-system-deps.sh (apt-get install chromium)`,
    );
  const flags = chromiumFlags(options);
  // launch() gives Chromium a fresh temporary --user-data-dir of Playwright's own (removed on close), which
  // the SPKI flag needs; each newContext() is then an isolated profile (cookies, HTTP cache, preflight cache).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Playwright adds --headless itself when headless is true; ours is the same flag, repeated harmlessly.
    headless: options.headful !== true,
    args: flags,
    slowMo: options.slowMoMs,
  });
  const newContext = () => browser.newContext({ viewport: { width: 1280, height: 900 } });
  const context = await newContext();
  return {
    browser,
    context,
    flags,
    newContext,
    newPage: () => context.newPage(),
    close: async () => {
      await browser.close().catch(() => {});
    },
  };
}
