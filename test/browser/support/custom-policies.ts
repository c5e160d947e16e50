// Custom CloudFront policies (AWS API shapes, as `aws cloudfront get-*-policy` prints them) that the browser
// tests add to the config's `edge` section: the two fixes the story's checklist names for signed cookies.

export const ORIGIN_IN_KEY_CACHE_POLICY_ID = 'b7e1c0de-0a1b-4c2d-9e3f-0123456789ab';
export const EXACT_ORIGINS_HEADERS_POLICY_ID = 'c0de5eed-1a2b-4c3d-8e4f-0123456789ab';

/** CachingOptimized's settings plus `Origin` in the key: each page origin gets its own cached answer. */
export const originInKeyCachePolicy = {
  Id: ORIGIN_IN_KEY_CACHE_POLICY_ID,
  CachePolicyConfig: {
    Comment: 'CachingOptimized with Origin in the cache key',
    Name: 'junlog-origin-in-key',
    DefaultTTL: 86400,
    MaxTTL: 31536000,
    MinTTL: 1,
    ParametersInCacheKeyAndForwardedToOrigin: {
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Origin'] } },
      CookiesConfig: { CookieBehavior: 'none', Cookies: { Quantity: 0 } },
      QueryStringsConfig: { QueryStringBehavior: 'none', QueryStrings: { Quantity: 0 } },
    },
  },
};

/** CORS at the edge for signed cookies: exact origins, credentials, the player's header; overrides the origin. */
export function exactOriginsHeadersPolicy(origins: readonly string[]) {
  return {
    Id: EXACT_ORIGINS_HEADERS_POLICY_ID,
    ResponseHeadersPolicyConfig: {
      Name: 'junlog-exact-origins',
      Comment: 'Exact page origins with credentials',
      CorsConfig: {
        AccessControlAllowOrigins: { Quantity: origins.length, Items: [...origins] },
        AccessControlAllowHeaders: { Quantity: 1, Items: ['x-player'] },
        AccessControlAllowMethods: { Quantity: 3, Items: ['GET', 'HEAD', 'OPTIONS'] },
        AccessControlAllowCredentials: true,
        AccessControlMaxAgeSec: 600,
        OriginOverride: true,
      },
    },
  };
}
