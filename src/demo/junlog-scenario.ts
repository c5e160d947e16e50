// The founding story's configuration files (examples/junlog/, copied verbatim from the team's shared
// scenarios), loaded once for the demo.

import { readFileSync } from 'node:fs';

function readExample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../examples/junlog/${name}`, import.meta.url), 'utf8'));
}

type CookiesScenario = {
  readonly expiresInMs: number;
  readonly basePath: string;
  readonly cdnOrigin: string;
  readonly keyPairId: string;
  readonly keyGroupId: string;
  readonly cookieAttributes: {
    readonly httpOnly: boolean;
    readonly secure: boolean;
    readonly sameSite: string;
    readonly domain: string;
    readonly path: string;
  };
};

export const junlogScenario = {
  bucketCors: readExample('bucket-cors.json'),
  cookies: readExample('cookies.json') as CookiesScenario,
  distributions: {
    'before-fix': readExample('distribution.before-fix.json'),
    'after-fix': readExample('distribution.after-fix.json'),
  },
} as const;
