// How the benchmark reaches Frontgate's edge: the distribution config it generates (public behavior with
// CachingOptimized in front of the embedded store, plus a signed behavior with a trusted key group) and the
// request details wrk needs (edge URL, Host header, Cookie header).

export type FrontgateEdge = {
  /** Edge listener base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Headers every edge request carries (Host naming the distribution). */
  readonly headers: Readonly<Record<string, string>>;
  /** Bucket in the embedded store the distribution's origin points at. */
  readonly originBucket: string;
  /** Key prefix served by the behavior with a trusted key group. */
  readonly signedPrefix: string;
  /** Key prefix served by the behavior with a viewer-request CloudFront function. */
  readonly functionPrefix: string;
  /** Cookie header value (CloudFront-Policy/Signature/Key-Pair-Id) valid for the signed prefix. */
  readonly cookieHeader: string;
};

/** X-Cache as CloudFront sends it on a hit (AWS: "Request and response behavior for Amazon S3 origins"). */
export function isEdgeCacheHit(headers: Headers): boolean {
  return /^(Hit|RefreshHit) from cloudfront$/i.test(headers.get('x-cache') ?? '');
}
