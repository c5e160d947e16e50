// AWS managed origin request policies with their real IDs, in the API's `OriginRequestPolicyConfig` shape
// (AWS: "Use managed origin request policies"). Managed policies are exempt from the 10-name quota of custom ones.

import { awsList, type OriginRequestPolicyEntry } from './policy-configs.ts';

const none = { Quantity: 0 } as const;

/** CloudFront-generated headers released up to June 2022 (AWS: "Use managed origin request policies", AllViewerAndCloudFrontHeaders-2022-06). */
const cloudFrontHeaders2022 = [
  'CloudFront-Forwarded-Proto',
  'CloudFront-Is-Android-Viewer',
  'CloudFront-Is-Desktop-Viewer',
  'CloudFront-Is-IOS-Viewer',
  'CloudFront-Is-Mobile-Viewer',
  'CloudFront-Is-SmartTV-Viewer',
  'CloudFront-Is-Tablet-Viewer',
  'CloudFront-Viewer-Address',
  'CloudFront-Viewer-ASN',
  'CloudFront-Viewer-City',
  'CloudFront-Viewer-Country',
  'CloudFront-Viewer-Country-Name',
  'CloudFront-Viewer-Country-Region',
  'CloudFront-Viewer-Country-Region-Name',
  'CloudFront-Viewer-Http-Version',
  'CloudFront-Viewer-Latitude',
  'CloudFront-Viewer-Longitude',
  'CloudFront-Viewer-Metro-Code',
  'CloudFront-Viewer-Postal-Code',
  'CloudFront-Viewer-Time-Zone',
  'CloudFront-Viewer-TLS',
];

export const managedOriginRequestPolicies: readonly OriginRequestPolicyEntry[] = [
  {
    Id: '216adef6-5c7f-47e4-b989-5492eafa07d3',
    OriginRequestPolicyConfig: {
      Comment: 'Policy to forward all parameters in viewer requests',
      Name: 'Managed-AllViewer',
      HeadersConfig: { HeaderBehavior: 'allViewer', Headers: none },
      CookiesConfig: { CookieBehavior: 'all', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: none },
    },
  },
  {
    Id: '33f36d7e-f396-46d9-90e0-52428a34d9dc',
    OriginRequestPolicyConfig: {
      Comment:
        'Policy to forward all parameters in viewer requests and all CloudFront headers released through June 2022',
      Name: 'Managed-AllViewerAndCloudFrontHeaders-2022-06',
      HeadersConfig: {
        HeaderBehavior: 'allViewerAndWhitelistCloudFront',
        Headers: awsList(cloudFrontHeaders2022),
      },
      CookiesConfig: { CookieBehavior: 'all', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: none },
    },
  },
  {
    Id: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    OriginRequestPolicyConfig: {
      Comment: 'Policy to forward all parameters in viewer requests except for the Host header',
      Name: 'Managed-AllViewerExceptHostHeader',
      HeadersConfig: { HeaderBehavior: 'allExcept', Headers: awsList(['host']) },
      CookiesConfig: { CookieBehavior: 'all', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: none },
    },
  },
  {
    Id: '59781a5b-3903-41f3-afcb-af62929ccde1',
    OriginRequestPolicyConfig: {
      Comment: 'Policy for origins that use CORS',
      Name: 'Managed-CORS-CustomOrigin',
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: awsList(['origin']) },
      CookiesConfig: { CookieBehavior: 'none', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
    },
  },
  {
    Id: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
    OriginRequestPolicyConfig: {
      Comment: 'Policy for S3 origin with CORS',
      Name: 'Managed-CORS-S3Origin',
      HeadersConfig: {
        HeaderBehavior: 'whitelist',
        Headers: awsList(['origin', 'access-control-request-headers', 'access-control-request-method']),
      },
      CookiesConfig: { CookieBehavior: 'none', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
    },
  },
  {
    Id: '775133bc-15f2-49f9-abea-afb2e0bf67d2',
    OriginRequestPolicyConfig: {
      Comment: 'Policy for Elemental MediaTailor personalized manifests',
      Name: 'Managed-Elemental-MediaTailor-PersonalizedManifests',
      HeadersConfig: {
        HeaderBehavior: 'whitelist',
        Headers: awsList([
          'origin',
          'access-control-request-headers',
          'access-control-request-method',
          'user-agent',
          'x-forwarded-for',
        ]),
      },
      CookiesConfig: { CookieBehavior: 'none', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: none },
    },
  },
  {
    Id: 'acba4595-bd28-49b8-b9fe-13317c0390fa',
    OriginRequestPolicyConfig: {
      Comment: 'Policy to forward user-agent and referer headers to origin',
      Name: 'Managed-UserAgentRefererHeaders',
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: awsList(['user-agent', 'referer']) },
      CookiesConfig: { CookieBehavior: 'none', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
    },
  },
  // [3P] the ID of HostHeaderOnly comes from third-party sources only (AWS: "Use managed origin request policies", docs/decisions/).
  {
    Id: 'bf0718e1-ba1e-49d1-88b1-f726733018ae',
    OriginRequestPolicyConfig: {
      Comment: 'Policy to forward only the Host header to the origin',
      Name: 'Managed-HostHeaderOnly',
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: awsList(['host']) },
      CookiesConfig: { CookieBehavior: 'none', Cookies: none },
      QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: none },
    },
  },
];
