// Steps 3 and 4 start from what step 2 left in the edge cache: the demo fetches the course's files through
// the CDN under the original config itself (signed cookies, the page's Origin, Chromium's Accept-Encoding
// so the browser's later request has the same cache key), instead of making the page fail twice.

import { request } from 'node:https';

/** The Accept-Encoding Chromium and Firefox send on fetch(): part of the cache key (normalized). */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export type PrimeTarget = {
  readonly edgePort: number;
  readonly cdnHost: string;
  readonly caCert: string;
  readonly pageOrigin: string;
  readonly cookieHeader: string;
};

function get(target: PrimeTarget, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.edgePort,
        servername: target.cdnHost,
        path,
        headers: {
          host: `${target.cdnHost}:${target.edgePort}`,
          origin: target.pageOrigin,
          cookie: target.cookieHeader,
          'accept-encoding': BROWSER_ACCEPT_ENCODING,
        },
        ca: target.caCert,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Fetches each path once; returns the statuses (a 403 here means the signed cookies were wrong). */
export async function primeEdgeCache(target: PrimeTarget, paths: readonly string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const path of paths) statuses.push(await get(target, path));
  return statuses;
}
