// AWS managed cache policies with their real IDs, in the API's `CachePolicyConfig` shape so the doctor and
// the control API can print them as `aws cloudfront get-cache-policy` would (AWS: "Use managed cache policies").

import { awsList, type CachePolicyEntry } from './policy-configs.ts';

const none = { Quantity: 0 } as const;
const YEAR_SECONDS = 31536000;

export const managedCachePolicies: readonly CachePolicyEntry[] = [
  {
    Id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    CachePolicyConfig: {
      Comment: 'Default policy when CF compression is enabled',
      Name: 'Managed-CachingOptimized',
      DefaultTTL: 86400,
      MaxTTL: YEAR_SECONDS,
      MinTTL: 1,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        HeadersConfig: { HeaderBehavior: 'none', Headers: none },
        CookiesConfig: { CookieBehavior: 'none', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
      },
    },
  },
  {
    Id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    CachePolicyConfig: {
      Comment: 'Policy with caching disabled',
      Name: 'Managed-CachingDisabled',
      DefaultTTL: 0,
      MaxTTL: 0,
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: false,
        EnableAcceptEncodingBrotli: false,
        HeadersConfig: { HeaderBehavior: 'none', Headers: none },
        CookiesConfig: { CookieBehavior: 'none', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
      },
    },
  },
  {
    Id: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d',
    CachePolicyConfig: {
      Comment: 'Default policy when compression is disabled',
      Name: 'Managed-CachingOptimizedForUncompressedObjects',
      DefaultTTL: 86400,
      MaxTTL: YEAR_SECONDS,
      MinTTL: 1,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: false,
        EnableAcceptEncodingBrotli: false,
        HeadersConfig: { HeaderBehavior: 'none', Headers: none },
        CookiesConfig: { CookieBehavior: 'none', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
      },
    },
  },
  {
    Id: '08627262-05a9-4f76-9ded-b50ca2e3a84f',
    CachePolicyConfig: {
      Comment: 'Policy for Elemental MediaPackage Origin',
      Name: 'Managed-Elemental-MediaPackage',
      DefaultTTL: 86400,
      MaxTTL: YEAR_SECONDS,
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: false,
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: awsList(['origin']) },
        CookiesConfig: { CookieBehavior: 'none', Cookies: none },
        QueryStringsConfig: {
          QueryStringBehavior: 'whitelist',
          QueryStrings: awsList(['aws.manifestfilter', 'start', 'end', 'm']),
        },
      },
    },
  },
  {
    Id: '2e54312d-136d-493c-8eb9-b001f22f67d2',
    CachePolicyConfig: {
      Comment: 'Policy for Amplify Origin',
      Name: 'Managed-Amplify',
      DefaultTTL: 2,
      MaxTTL: 600,
      MinTTL: 2,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: awsList(['Authorization', 'CloudFront-Viewer-Country', 'Host']),
        },
        CookiesConfig: { CookieBehavior: 'all', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: none },
      },
    },
  },
  // [3P] settings of both UseOriginCacheControlHeaders policies (AWS: "Use managed cache policies", docs/decisions/); their names carry no
  // `Managed-` prefix in API responses (UNCONFIRMED, AWS: "Use managed cache policies").
  {
    Id: '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
    CachePolicyConfig: {
      Comment:
        'Policy for origins that return Cache-Control headers. Query strings are not included in the cache key.',
      Name: 'UseOriginCacheControlHeaders',
      DefaultTTL: 0,
      MaxTTL: YEAR_SECONDS,
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: awsList([
            'host',
            'origin',
            'x-http-method-override',
            'x-http-method',
            'x-method-override',
          ]),
        },
        CookiesConfig: { CookieBehavior: 'all', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
      },
    },
  },
  {
    Id: '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    CachePolicyConfig: {
      Comment:
        'Policy for origins that return Cache-Control headers and serve different content based on values present in the query string.',
      Name: 'UseOriginCacheControlHeaders-QueryStrings',
      DefaultTTL: 0,
      MaxTTL: YEAR_SECONDS,
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: awsList([
            'host',
            'origin',
            'x-http-method-override',
            'x-http-method',
            'x-method-override',
          ]),
        },
        CookiesConfig: { CookieBehavior: 'all', Cookies: none },
        QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: none },
      },
    },
  },
];
