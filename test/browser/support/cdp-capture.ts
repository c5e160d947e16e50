// Records what Chromium says about a page's network activity through the DevTools protocol: console
// messages from the browser itself (CORS errors arrive as Log.entryAdded, never as page console events),
// failed loads, cookies blocked on Set-Cookie and cookies attached to requests.

import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export type LogEntry = {
  readonly source: string;
  readonly level: string;
  readonly text: string;
  readonly url?: string;
};

export type BlockedSetCookie = {
  readonly url: string;
  readonly cookieLine: string;
  readonly cookieName?: string;
  readonly reasons: readonly string[];
};

export type SentCookies = {
  readonly url: string;
  readonly method: string;
  /** Names of cookies Chromium attached to the request. */
  readonly sent: readonly string[];
  /** Cookie name → reasons it was withheld. */
  readonly withheld: Readonly<Record<string, readonly string[]>>;
};

export type FailedLoad = {
  readonly url: string;
  readonly method: string;
  readonly errorText: string;
  readonly corsError?: string;
  readonly blockedReason?: string;
};

export type SeenResponse = {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
};

export type CdpCapture = {
  readonly session: CDPSession;
  readonly logs: LogEntry[];
  readonly blockedSetCookies: BlockedSetCookie[];
  readonly sentCookies: SentCookies[];
  readonly failures: FailedLoad[];
  readonly responses: SeenResponse[];
  /** Index marking "now": pass it to `since` to see only what happened after. */
  readonly mark: () => CdpMark;
  readonly since: (mark: CdpMark) => CdpSnapshot;
};

export type CdpMark = {
  readonly logs: number;
  readonly blockedSetCookies: number;
  readonly sentCookies: number;
  readonly failures: number;
  readonly responses: number;
};
export type CdpSnapshot = Pick<
  CdpCapture,
  'logs' | 'blockedSetCookies' | 'sentCookies' | 'failures' | 'responses'
>;

type RequestInfo = { url: string; method: string };

function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

export async function captureCdp(context: BrowserContext, page: Page): Promise<CdpCapture> {
  const session = await context.newCDPSession(page);
  const requests = new Map<string, RequestInfo>();
  const pendingExtra = new Map<string, (info: RequestInfo) => void>();
  const capture: CdpCapture = {
    session,
    logs: [],
    blockedSetCookies: [],
    sentCookies: [],
    failures: [],
    responses: [],
    mark: () => ({
      logs: capture.logs.length,
      blockedSetCookies: capture.blockedSetCookies.length,
      sentCookies: capture.sentCookies.length,
      failures: capture.failures.length,
      responses: capture.responses.length,
    }),
    since: (mark) => ({
      logs: capture.logs.slice(mark.logs),
      blockedSetCookies: capture.blockedSetCookies.slice(mark.blockedSetCookies),
      sentCookies: capture.sentCookies.slice(mark.sentCookies),
      failures: capture.failures.slice(mark.failures),
      responses: capture.responses.slice(mark.responses),
    }),
  };
  // ExtraInfo events may arrive before requestWillBeSent; resolve their URL once it is known.
  const withRequest = (requestId: string, use: (info: RequestInfo) => void): void => {
    const known = requests.get(requestId);
    if (known !== undefined) use(known);
    else {
      const previous = pendingExtra.get(requestId);
      pendingExtra.set(requestId, (info) => {
        previous?.(info);
        use(info);
      });
    }
  };

  session.on('Log.entryAdded', ({ entry }) => {
    capture.logs.push({ source: entry.source, level: entry.level, text: entry.text, url: entry.url });
  });
  session.on('Network.requestWillBeSent', ({ requestId, request }) => {
    // A preflight and its actual request share nothing; a redirect reuses the id (the newest URL wins).
    const info = { url: request.url, method: request.method };
    requests.set(requestId, info);
    const pending = pendingExtra.get(requestId);
    if (pending !== undefined) {
      pendingExtra.delete(requestId);
      pending(info);
    }
  });
  session.on('Network.requestWillBeSentExtraInfo', ({ requestId, associatedCookies }) => {
    withRequest(requestId, (info) => {
      const sent: string[] = [];
      const withheld: Record<string, string[]> = {};
      for (const item of associatedCookies) {
        if (item.blockedReasons.length === 0) sent.push(item.cookie.name);
        else withheld[item.cookie.name] = [...item.blockedReasons];
      }
      capture.sentCookies.push({ url: info.url, method: info.method, sent, withheld });
    });
  });
  session.on('Network.responseReceivedExtraInfo', ({ requestId, blockedCookies, statusCode, headers }) => {
    withRequest(requestId, (info) => {
      for (const blocked of blockedCookies) {
        capture.blockedSetCookies.push({
          url: info.url,
          cookieLine: blocked.cookieLine,
          cookieName: blocked.cookie?.name ?? blocked.cookieLine.split('=')[0],
          reasons: [...blocked.blockedReasons],
        });
      }
      capture.responses.push({
        url: info.url,
        method: info.method,
        status: statusCode,
        headers: lowerCaseHeaders(headers),
      });
    });
  });
  session.on('Network.loadingFailed', ({ requestId, errorText, corsErrorStatus, blockedReason }) => {
    const info = requests.get(requestId) ?? { url: '(unknown)', method: '' };
    capture.failures.push({
      url: info.url,
      method: info.method,
      errorText,
      corsError: corsErrorStatus?.corsError,
      blockedReason,
    });
  });
  await session.send('Log.enable');
  await session.send('Network.enable');
  // The tests are about what the edge answers: Chromium's HTTP cache (shared by same-site pages) must not
  // answer for it. The CORS preflight cache is not affected; use a fresh context where that matters.
  await session.send('Network.setCacheDisabled', { cacheDisabled: true });
  return capture;
}

/** Chromium's "Access to fetch at … has been blocked by CORS policy: …" console messages. */
export function corsMessages(logs: readonly LogEntry[]): string[] {
  return logs.filter((entry) => entry.text.includes('blocked by CORS policy')).map((entry) => entry.text);
}
