// The Server-Timing header of a response headers policy's ServerTimingHeadersConfig (spec cloudfront.md
// §6.4): whether this request is sampled (SamplingRate %, `Pragma: server-timing` forces it) and the value,
// CloudFront's metrics first, then the origin's own Server-Timing on a miss (on hits only CloudFront's).

import type { ResultType, UpstreamTiming } from '../edge-response.ts';

export type ServerTimingInput = {
  readonly resultType: ResultType;
  readonly pop: string;
  readonly requestId: string;
  /** Present when the origin was contacted for this response. */
  readonly upstream?: UpstreamTiming;
  /** Viewer request received → first byte about to be sent, in ms. */
  readonly downstreamFirstByteMs: number;
  /** The origin's Server-Timing (misses only). */
  readonly originServerTiming?: string;
};

/** `Pragma: server-timing` (any token of a comma-separated Pragma) forces the header (spec §6.4). */
export function serverTimingForced(pragma: string | undefined): boolean {
  if (pragma === undefined) return false;
  return pragma.split(',').some((token) => token.trim().toLowerCase() === 'server-timing');
}

/** Sampling: `random()` in [0, 1) against SamplingRate / 100 (0–100, up to 4 decimals). */
export function serverTimingSampled(
  config: { readonly enabled: boolean; readonly samplingRate: number } | undefined,
  pragma: string | undefined,
  random: () => number,
): boolean {
  if (config === undefined || !config.enabled) return false;
  if (serverTimingForced(pragma)) return true;
  return config.samplingRate > 0 && random() * 100 < config.samplingRate;
}

const ms = (value: number): number => Math.max(0, Math.round(value));

export function renderServerTiming(input: ServerTimingInput): string {
  const metrics: string[] = [];
  const hit = input.resultType === 'Hit' || input.resultType === 'RefreshHit';
  if (input.upstream !== undefined && !hit) {
    metrics.push(
      'cdn-upstream-layer;desc="EDGE"',
      `cdn-upstream-dns;dur=${ms(input.upstream.dnsMs)}`,
      `cdn-upstream-connect;dur=${ms(input.upstream.connectMs)}`,
      `cdn-upstream-fbl;dur=${ms(input.upstream.firstByteMs)}`,
    );
  }
  metrics.push(
    input.resultType === 'Hit'
      ? 'cdn-cache-hit'
      : input.resultType === 'RefreshHit'
        ? 'cdn-cache-refresh'
        : 'cdn-cache-miss',
  );
  metrics.push(`cdn-pop;desc="${input.pop}"`, `cdn-rid;desc="${input.requestId}"`);
  if (hit) metrics.push('cdn-hit-layer;desc="EDGE"');
  metrics.push(`cdn-downstream-fbl;dur=${ms(input.downstreamFirstByteMs)}`);
  if (!hit && input.originServerTiming !== undefined && input.originServerTiming.trim() !== '')
    metrics.push(input.originServerTiming.trim());
  return metrics.join(',');
}
