// The host names and ports the demo serves the founding story on. `localhost` mode works in any
// browser on this machine without editing system files (browsers resolve *.localhost to loopback);
// `story` mode uses the story's own names (map *.junlog.dev to 127.0.0.1 in the browser).

export type DemoNameMode = 'localhost' | 'story';

export type DemoPorts = {
  readonly page: number;
  readonly backend: number;
  readonly edgeHttps: number;
  readonly edgeHttp: number;
  readonly s3: number;
  readonly admin: number;
};

export type DemoNames = {
  readonly mode: DemoNameMode;
  /** The frontend page (the story's `https://local.junlog.dev:3000`). */
  readonly pageOrigin: string;
  /** The backend before the fix: plain HTTP on localhost, which cannot set cookies for the CDN's domain. */
  readonly backendBeforeOrigin: string;
  /** The backend after the fix: HTTPS on a host under the cookie domain. */
  readonly backendAfterOrigin: string;
  /** The distribution's alternate domain name, as the browser reaches it (with port). */
  readonly cdnOrigin: string;
  readonly cdnHost: string;
  /** The cookie Domain attribute the story's backend uses. */
  readonly cookieDomain: string;
  /** Names the demo's TLS certificate covers. */
  readonly certificateNames: readonly string[];
};

export const DEFAULT_DEMO_PORTS: DemoPorts = {
  page: 3000,
  backend: 3001,
  edgeHttps: 8443,
  edgeHttp: 8080,
  s3: 9000,
  admin: 8081,
};

export function demoNames(mode: DemoNameMode, ports: DemoPorts = DEFAULT_DEMO_PORTS): DemoNames {
  const domain = mode === 'story' ? 'junlog.dev' : 'junlog.localhost';
  const cdnHost = `dev.cloudfront.${domain}`;
  return {
    mode,
    pageOrigin: `https://local.${domain}:${ports.page}`,
    backendBeforeOrigin: `http://localhost:${ports.backend}`,
    backendAfterOrigin: `https://local.${domain}:${ports.backend}`,
    cdnOrigin: `https://${cdnHost}:${ports.edgeHttps}`,
    cdnHost,
    cookieDomain: `.${domain}`,
    certificateNames: [
      `local.${domain}`,
      cdnHost,
      `*.${domain}`,
      `*.cloudfront.${domain}`,
      'localhost',
      '127.0.0.1',
    ],
  };
}
