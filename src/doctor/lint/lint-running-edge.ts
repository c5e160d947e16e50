// The part of the static lint that asks the running edge (`GET /distributions` on its admin listener):
// a distribution whose config changed since its last invalidation while responses stored under the older
// config are still cached — the junlog step 3 trap (a config fix does not purge the cache; AWS: "Invalidating files to remove content" in the CloudFront Developer Guide).

import type { DistributionStatus } from '../../edge/index.ts';
import type { LintFinding } from './lint-distribution.ts';

export function lintRunningEdge(
  distributions: readonly { readonly id: string; readonly jsonPath: string; readonly etag: string }[],
  running: readonly DistributionStatus[],
  adminUrl?: string,
): LintFinding[] {
  const admin = adminUrl === undefined ? '' : ` --admin ${adminUrl}`;
  const findings: LintFinding[] = [];
  for (const d of distributions) {
    const status = running.find((s) => s.id === d.id);
    if (status === undefined) continue;
    const last = status.lastInvalidation;
    const oldEntries = status.cache.entriesUnderOtherConfig;
    if (oldEntries > 0 && (last === null || last.configEtag !== status.etag)) {
      findings.push({
        code: 'config-changed-since-invalidation',
        severity: 'warning',
        jsonPath: d.jsonPath,
        message: `config changed since the last invalidation while old responses are cached: the running edge serves ${d.id} with config ${status.etag} (loaded ${status.configLoadedAt}), ${last === null ? 'it was never invalidated' : `its last invalidation ${last.id} (${last.createTime}) ran under config ${last.configEtag ?? 'unknown'}`}, and ${oldEntries} of its ${status.cache.entries} cached response(s) were stored under an older config — they keep the old CORS/headers until they expire.`,
        fix: `Invalidate the affected paths: npx frontgate invalidate --distribution-id ${d.id} --paths '/*'${admin} (aws cloudfront create-invalidation --distribution-id ${d.id} --paths '/*').`,
      });
    }
    if (status.etag !== d.etag)
      findings.push({
        code: 'edge-runs-other-config',
        severity: 'info',
        jsonPath: d.jsonPath,
        message: `The running edge serves ${d.id} with config ${status.etag}, the file has ${d.etag}: the edge has not reloaded it (yet).`,
        fix: 'Wait for the file watcher or send SIGHUP to frontgate serve.',
      });
  }
  return findings;
}
