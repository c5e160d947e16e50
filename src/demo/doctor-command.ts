// The `frontgate doctor` command line that explains a step from a terminal: the same page origin, backend and
// CDN URL as the page, the demo's CA, the names mapped to this machine and the edge's admin listener.

import type { DemoNames } from './demo-names.ts';

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function doctorCommandFor(input: {
  readonly names: DemoNames;
  readonly caCertPath: string;
  readonly adminUrl: string;
  readonly backendOrigin: string;
  readonly url: string;
}): string {
  const domain = input.names.cookieDomain.replace(/^\./, '');
  const parts = [
    'frontgate doctor',
    `--page-origin ${quote(input.names.pageOrigin)}`,
    `--url ${quote(input.url)}`,
    `--backend-url ${quote(`${input.backendOrigin}/api/cookies`)}`,
    `--resolve ${quote(`*.${domain}:*:127.0.0.1`)}`,
    `--resolve ${quote('localhost:*:127.0.0.1')}`,
    `--cacert ${quote(input.caCertPath)}`,
    `--admin ${quote(input.adminUrl)}`,
  ];
  return parts.join(' ');
}
