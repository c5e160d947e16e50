// How long an origin response stays in the edge cache: named rules from AWS: "Manage how long content stays in the cache (expiration)" (TTLs) and
// AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin" (error caching). Pure: the decision names the rule that fired so the trace and the doctor can explain it.

export type TtlSettings = { readonly minTTL: number; readonly defaultTTL: number; readonly maxTTL: number };

export type FreshnessInput = {
  readonly status: number;
  readonly cacheControl: string | undefined;
  readonly expires: string | undefined;
  readonly nowMs: number;
};

export type FreshnessRule =
  | 's-maxage'
  | 'max-age'
  | 'expires'
  | 'default-ttl'
  | 'no-cache-honoured'
  | 'min-ttl-overrides-no-cache'
  | 'error-caching-min-ttl'
  | 'error-header-ttl'
  | 'error-needs-max-age'
  | 'never-cache-416'
  | 'redirect-needs-cache-control'
  | 'status-not-cacheable';

export type FreshnessDecision =
  | { readonly kind: 'store'; readonly ttlSeconds: number; readonly rule: FreshnessRule }
  | { readonly kind: 'do-not-store'; readonly rule: FreshnessRule; readonly ttlSeconds?: number };

export type CacheControl = ReadonlyMap<string, string | true>;

export function parseCacheControl(value: string | undefined): CacheControl {
  const out = new Map<string, string | true>();
  if (!value) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const name = (eq >= 0 ? part.slice(0, eq) : part).trim().toLowerCase();
    if (name === '') continue;
    const raw =
      eq >= 0
        ? part
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, '')
        : true;
    if (!out.has(name)) out.set(name, raw);
  }
  return out;
}

function seconds(directive: string | true | undefined): number | undefined {
  if (directive === undefined || directive === true || !/^\d+$/.test(directive)) return undefined;
  return Number(directive);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Seconds the origin asked for: s-maxage, else max-age, else Expires − now (AWS: "Manage how long content stays in the cache (expiration)": max-age beats Expires). */
function originTtl(
  cc: CacheControl,
  expires: string | undefined,
  nowMs: number,
): { ttl: number; rule: FreshnessRule } | undefined {
  const sMaxAge = seconds(cc.get('s-maxage'));
  if (sMaxAge !== undefined) return { ttl: sMaxAge, rule: 's-maxage' };
  const maxAge = seconds(cc.get('max-age'));
  if (maxAge !== undefined) return { ttl: maxAge, rule: 'max-age' };
  if (expires !== undefined) {
    const at = Date.parse(expires);
    // An invalid Expires means "already expired" (RFC 9111 §5.3).
    return { ttl: Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000)), rule: 'expires' };
  }
  return undefined;
}

const ALWAYS_CACHED_ERRORS: ReadonlySet<number> = new Set([404, 414, 500, 501, 502, 503, 504]);
const ERRORS_CACHED_WITH_MAX_AGE: ReadonlySet<number> = new Set([400, 403, 405, 412, 415]);
const CACHEABLE_SUCCESS: ReadonlySet<number> = new Set([200, 203, 204, 300, 301, 302, 410]);

function storeOrNot(ttlSeconds: number, rule: FreshnessRule): FreshnessDecision {
  return ttlSeconds > 0 ? { kind: 'store', ttlSeconds, rule } : { kind: 'do-not-store', rule, ttlSeconds };
}

/**
 * The TTL of an origin response under the behavior's TTLs and the status's ErrorCachingMinTTL
 * (default 10 s, AWS: "How CloudFront processes HTTP 4xx and 5xx status codes from your origin").
 */
export function decideFreshness(
  input: FreshnessInput,
  ttl: TtlSettings,
  errorCachingMinTTL: number,
): FreshnessDecision {
  const cc = parseCacheControl(input.cacheControl);
  const status = input.status;
  if (status === 416) return { kind: 'do-not-store', rule: 'never-cache-416' };
  if (status >= 400) {
    const fromOrigin = originTtl(cc, input.expires, input.nowMs);
    const hasMaxAge = cc.has('max-age') || cc.has('s-maxage');
    if (ALWAYS_CACHED_ERRORS.has(status) || (ERRORS_CACHED_WITH_MAX_AGE.has(status) && hasMaxAge)) {
      if (fromOrigin && fromOrigin.ttl > errorCachingMinTTL)
        return storeOrNot(
          Math.min(fromOrigin.ttl, Math.max(ttl.maxTTL, errorCachingMinTTL)),
          'error-header-ttl',
        );
      return storeOrNot(errorCachingMinTTL, 'error-caching-min-ttl');
    }
    if (ERRORS_CACHED_WITH_MAX_AGE.has(status)) return { kind: 'do-not-store', rule: 'error-needs-max-age' };
    return { kind: 'do-not-store', rule: 'status-not-cacheable' };
  }
  if ((status === 307 || status === 308) && input.cacheControl === undefined)
    return { kind: 'do-not-store', rule: 'redirect-needs-cache-control' };
  if (!CACHEABLE_SUCCESS.has(status) && status !== 307 && status !== 308)
    return { kind: 'do-not-store', rule: 'status-not-cacheable' };
  if (cc.has('no-cache') || cc.has('no-store') || cc.has('private')) {
    // MinTTL > 0 overrides the directives (AWS: "Manage how long content stays in the cache (expiration)", repeated in the API doc strings).
    if (ttl.minTTL > 0) return { kind: 'store', ttlSeconds: ttl.minTTL, rule: 'min-ttl-overrides-no-cache' };
    return { kind: 'do-not-store', rule: 'no-cache-honoured' };
  }
  const fromOrigin = originTtl(cc, input.expires, input.nowMs);
  if (fromOrigin) return storeOrNot(clamp(fromOrigin.ttl, ttl.minTTL, ttl.maxTTL), fromOrigin.rule);
  return storeOrNot(clamp(Math.max(ttl.minTTL, ttl.defaultTTL), ttl.minTTL, ttl.maxTTL), 'default-ttl');
}

/** `stale-if-error=0` forbids serving the stale copy on an origin failure (AWS: "Manage how long content stays in the cache (expiration)"). */
export function forbidsStaleIfError(cacheControl: string | undefined): boolean {
  return parseCacheControl(cacheControl).get('stale-if-error') === '0';
}

/**
 * Request collapsing is off for CachingDisabled-like policies and whenever cookies are forwarded (AWS: "Cache behavior settings");
 * the per-object case (MinTTL 0 + private/no-store/…) shows up as a `do-not-store` decision.
 */
export function collapsingAllowed(ttl: TtlSettings, cookiesForwarded: boolean): boolean {
  return ttl.maxTTL > 0 && !cookiesForwarded;
}
