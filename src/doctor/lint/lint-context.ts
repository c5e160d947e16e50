// What every static lint rule works with: the distribution and doctor settings, the hosts and page
// origins, a finding sink that keeps one finding per code and JSON path, and the fix text for a behavior.

import type { CompiledBehavior, CompiledDistribution } from '../../edge/distribution/index.ts';
import { describeFix } from '../diagnosis/describe-fix.ts';
import type { DoctorSettings } from './doctor-settings.ts';
import type { LintFinding, LintSeverity } from './lint-finding.ts';

export type LintContext = {
  readonly distribution: CompiledDistribution;
  readonly settings: DoctorSettings;
  /** The distribution's aliases, else its generated domain name. */
  readonly hosts: readonly string[];
  /** `https://` + the first host: the origin the pages fetch from. */
  readonly cdnOrigin: string;
  readonly pageOrigins: readonly string[];
  readonly add: (
    code: string,
    severity: LintSeverity,
    jsonPath: string,
    message: string,
    fix: string,
  ) => void;
  readonly fixFor: (
    code: Parameters<typeof describeFix>[0],
    behavior: CompiledBehavior,
    pageOrigin?: string,
  ) => string;
};

/** A context whose findings land in `findings`, deduplicated by code and JSON path. */
export function createLintContext(
  distribution: CompiledDistribution,
  settings: DoctorSettings,
  findings: LintFinding[],
  adminUrl?: string,
): LintContext {
  const hosts = distribution.aliases.length > 0 ? distribution.aliases : [distribution.domainName];
  const cdnOrigin = `https://${hosts[0]}`;
  const pageOrigins = settings.pageOrigins;
  return {
    distribution,
    settings,
    hosts,
    cdnOrigin,
    pageOrigins,
    add(code, severity, jsonPath, message, fix) {
      if (!findings.some((f) => f.code === code && f.jsonPath === jsonPath))
        findings.push({ code, severity, jsonPath, message, fix });
    },
    fixFor: (code, behavior, pageOrigin) =>
      describeFix(code, {
        pageOrigin: pageOrigin ?? pageOrigins[0] ?? '<page origin>',
        url: cdnOrigin,
        distributionId: distribution.id,
        pathPattern: behavior.pathPattern,
        backendUrl: settings.backendOrigin,
        cookieDomain: settings.cookie?.domain,
        adminUrl,
      }),
  };
}
