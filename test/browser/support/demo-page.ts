// Drives the demo page (window.runStep) and lines up what Chromium recorded over CDP for the same step;
// also requests the edge from outside the browser, as the story's curl does.

import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { Page } from 'playwright-core';
import type { RunningDemo } from '../../../src/demo/start-demo.ts';
import type { CdpCapture, CdpSnapshot, FailedLoad, SeenResponse } from './cdp-capture.ts';
import { waitFor } from './wait-for.ts';

/** What `window.runStep(n)` resolves to (src/demo/page/app.js). */
export type StepSummary = {
  readonly step: number;
  readonly lessonOk: boolean;
  readonly lessonText?: string;
  readonly results: readonly {
    readonly label: string;
    readonly url: string;
    readonly ok: boolean;
    readonly status: number;
    readonly bytes?: number;
    readonly error?: string;
  }[];
  readonly edge: readonly {
    readonly method: string;
    readonly path: string;
    readonly status: number;
    readonly xCache: string;
    readonly corsHeaders: Readonly<Record<string, string>>;
  }[];
};

export type StepRun = {
  readonly summary: StepSummary;
  readonly cdp: CdpSnapshot;
  /** The page-visible outcome of one request of the step, by label (`lesson.json from CDN`, …). */
  readonly result: (label: string) => StepSummary['results'][number];
  /** The response Chromium received for `url` (raw headers, even when CORS hid it from the page). */
  readonly response: (url: string) => SeenResponse;
  readonly failure: (url: string) => FailedLoad | undefined;
};

/** Runs one step through the page and waits until CDP has reported on every CDN request it made. */
export async function runDemoStep(page: Page, cdp: CdpCapture, step: 1 | 2 | 3 | 4): Promise<StepRun> {
  const mark = cdp.mark();
  const summary = (await page.evaluate(
    (n) => (window as unknown as { runStep: (n: number) => Promise<unknown> }).runStep(n),
    step,
  )) as StepSummary;
  const urls = summary.results.map((result) => result.url);
  await waitFor(
    () => urls.every((url) => cdp.since(mark).responses.some((seen) => seen.url === url)),
    `CDP responses for ${urls.join(', ')}`,
  );
  // Failures are reported after the response headers; give them a moment when the page saw one.
  const failed = summary.results.filter((result) => !result.ok).map((result) => result.url);
  await waitFor(
    () => failed.every((url) => cdp.since(mark).failures.some((failure) => failure.url === url)),
    `CDP loadingFailed for ${failed.join(', ')}`,
  );
  const snapshot = cdp.since(mark);
  return {
    summary,
    cdp: snapshot,
    result: (label) => {
      const found = summary.results.find((result) => result.label === label);
      if (found === undefined) throw new Error(`step ${step} made no request "${label}"`);
      return found;
    },
    response: (url) => {
      const found = snapshot.responses.filter((seen) => seen.url === url && seen.method !== 'OPTIONS').at(-1);
      if (found === undefined) throw new Error(`Chromium saw no response for ${url} in step ${step}`);
      return found;
    },
    failure: (url) => snapshot.failures.find((failure) => failure.url === url),
  };
}

export function accessControlHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-')));
}

export type OutsideResponse = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
};

/**
 * A request to the edge from outside any browser (the story's curl): the CDN name is sent as SNI and Host,
 * the connection goes to 127.0.0.1, and the demo's CA is the only trust anchor.
 */
export function requestEdge(
  demo: Pick<RunningDemo, 'names' | 'ports' | 'prepared'>,
  path: string,
  options: { readonly method?: string; readonly headers?: Record<string, string> } = {},
): Promise<OutsideResponse> {
  const host = demo.names.cdnHost;
  const port = demo.ports.edgeHttps;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: host,
        method: options.method ?? 'GET',
        path,
        headers: { host: `${host}:${port}`, ...options.headers },
        ca: readFileSync(demo.prepared.caCertPath, 'utf8'),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Fetches `urls` from the page with credentials, as the player does; bodies come back base64-encoded. */
export async function fetchFromPage(
  page: Page,
  urls: readonly string[],
  init: {
    readonly credentials?: 'include' | 'omit';
    readonly headers?: Record<string, string>;
    readonly method?: string;
  } = {},
): Promise<readonly ({ ok: true; status: number; bodyBase64: string } | { ok: false; error: string })[]> {
  return page.evaluate(
    async ({ urls, init }) => {
      const out = [];
      for (const url of urls) {
        try {
          const response = await fetch(url, {
            credentials: init.credentials ?? 'include',
            headers: init.headers,
            method: init.method,
          });
          const bytes = new Uint8Array(await response.arrayBuffer());
          let binary = '';
          for (const byte of bytes) binary += String.fromCharCode(byte);
          out.push({ ok: true as const, status: response.status, bodyBase64: btoa(binary) });
        } catch (error) {
          out.push({ ok: false as const, error: `${(error as Error).name}: ${(error as Error).message}` });
        }
      }
      return out;
    },
    { urls, init },
  );
}

export type ObservedFetch = {
  readonly outcome: Awaited<ReturnType<typeof fetchFromPage>>[number];
  readonly cdp: CdpSnapshot;
  /** The last response Chromium received for the URL with this method (raw, even when CORS hid it). */
  readonly response: (method: string) => SeenResponse | undefined;
  readonly failure: FailedLoad | undefined;
  readonly corsMessage: string | undefined;
};

/**
 * One fetch from the page, with what Chromium recorded for it (responses, failure, console message). Several
 * may run at once on one page when their URLs differ.
 */
export async function fetchAndObserve(
  page: Page,
  cdp: CdpCapture,
  url: string,
  init: Parameters<typeof fetchFromPage>[2] = {},
): Promise<ObservedFetch> {
  const mark = cdp.mark();
  // Chromium names the URL in its CORS console line; matching on it keeps concurrent fetches apart.
  const isCorsMessageFor = (text: string): boolean =>
    text.includes('blocked by CORS policy') && text.includes(`'${url}'`);
  const [outcome] = await fetchFromPage(page, [url], init);
  await waitFor(
    () => cdp.since(mark).responses.some((seen) => seen.url === url),
    `a CDP response for ${url}`,
  );
  if (!outcome!.ok)
    await waitFor(
      () =>
        cdp.since(mark).failures.some((failure) => failure.url === url) &&
        cdp.since(mark).logs.some((entry) => isCorsMessageFor(entry.text)),
      `CDP failure and console message for ${url}`,
    );
  const snapshot = cdp.since(mark);
  return {
    outcome: outcome!,
    cdp: snapshot,
    response: (method) =>
      snapshot.responses.filter((seen) => seen.url === url && seen.method === method).at(-1),
    failure: snapshot.failures.find((failure) => failure.url === url),
    corsMessage: snapshot.logs.find((entry) => isCorsMessageFor(entry.text))?.text,
  };
}
