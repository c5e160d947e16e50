// The AWS JSON shapes of cache, origin request and response headers policies, as the CloudFront API and
// `aws cloudfront get-*-policy` print them (AWS: "Amazon CloudFront API Reference"). Managed tables and custom policies
// from the config file use these shapes; `compile…Policy` turns them into the runtime types.

export type AwsList<T> = { readonly Quantity: number; readonly Items?: readonly T[] };

/** The cookie and query string blocks are the same in cache and origin request policies (AWS: "Understand the cache key", "Control origin requests with a policy"). */
export type CookiesConfig = {
  readonly CookieBehavior: 'none' | 'whitelist' | 'allExcept' | 'all';
  readonly Cookies?: AwsList<string>;
};
export type QueryStringsConfig = {
  readonly QueryStringBehavior: 'none' | 'whitelist' | 'allExcept' | 'all';
  readonly QueryStrings?: AwsList<string>;
};

export type CachePolicyConfig = {
  readonly Comment?: string;
  readonly Name: string;
  readonly DefaultTTL?: number;
  readonly MaxTTL?: number;
  readonly MinTTL: number;
  readonly ParametersInCacheKeyAndForwardedToOrigin: {
    readonly EnableAcceptEncodingGzip: boolean;
    readonly EnableAcceptEncodingBrotli?: boolean;
    readonly HeadersConfig: {
      readonly HeaderBehavior: 'none' | 'whitelist';
      readonly Headers?: AwsList<string>;
    };
    readonly CookiesConfig: CookiesConfig;
    readonly QueryStringsConfig: QueryStringsConfig;
  };
};

export type OriginRequestPolicyConfig = {
  readonly Comment?: string;
  readonly Name: string;
  readonly HeadersConfig: {
    readonly HeaderBehavior:
      | 'none'
      | 'whitelist'
      | 'allViewer'
      | 'allViewerAndWhitelistCloudFront'
      | 'allExcept';
    readonly Headers?: AwsList<string>;
  };
  readonly CookiesConfig: CookiesConfig;
  readonly QueryStringsConfig: QueryStringsConfig;
};

export type ResponseHeadersPolicyConfig = {
  readonly Comment?: string;
  readonly Name: string;
  readonly CorsConfig?: {
    readonly AccessControlAllowOrigins: AwsList<string>;
    readonly AccessControlAllowHeaders: AwsList<string>;
    readonly AccessControlAllowMethods: AwsList<string>;
    readonly AccessControlAllowCredentials: boolean;
    readonly AccessControlExposeHeaders?: AwsList<string>;
    readonly AccessControlMaxAgeSec?: number;
    readonly OriginOverride: boolean;
  };
  readonly SecurityHeadersConfig?: {
    readonly XSSProtection?: {
      readonly Override: boolean;
      readonly Protection: boolean;
      readonly ModeBlock?: boolean;
      readonly ReportUri?: string;
    };
    readonly FrameOptions?: { readonly Override: boolean; readonly FrameOption: 'DENY' | 'SAMEORIGIN' };
    readonly ReferrerPolicy?: { readonly Override: boolean; readonly ReferrerPolicy: string };
    readonly ContentSecurityPolicy?: { readonly Override: boolean; readonly ContentSecurityPolicy: string };
    readonly ContentTypeOptions?: { readonly Override: boolean };
    readonly StrictTransportSecurity?: {
      readonly Override: boolean;
      readonly IncludeSubdomains?: boolean;
      readonly Preload?: boolean;
      readonly AccessControlMaxAgeSec: number;
    };
  };
  readonly ServerTimingHeadersConfig?: { readonly Enabled: boolean; readonly SamplingRate?: number };
  readonly CustomHeadersConfig?: AwsList<{
    readonly Header: string;
    readonly Value: string;
    readonly Override: boolean;
  }>;
  readonly RemoveHeadersConfig?: AwsList<{ readonly Header: string }>;
};

/** `{ Id, CachePolicyConfig }` — the `CachePolicy` wrapper without `LastModifiedTime`. */
export type CachePolicyEntry = { readonly Id: string; readonly CachePolicyConfig: CachePolicyConfig };
export type OriginRequestPolicyEntry = {
  readonly Id: string;
  readonly OriginRequestPolicyConfig: OriginRequestPolicyConfig;
};
export type ResponseHeadersPolicyEntry = {
  readonly Id: string;
  readonly ResponseHeadersPolicyConfig: ResponseHeadersPolicyConfig;
};

/** Build a `{ Quantity, Items }` wrapper the way the API prints it (no `Items` when empty). */
export function awsList<T>(items: readonly T[]): AwsList<T> {
  return items.length === 0 ? { Quantity: 0 } : { Quantity: items.length, Items: items };
}
