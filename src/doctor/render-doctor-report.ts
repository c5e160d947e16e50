// Renders a doctor report for a terminal: the chain stage by stage, what the page sees, the root cause and
// the fix. `--json` prints the report object itself instead.

import type { DoctorReport, StageOutcome } from './diagnosis/doctor-report.ts';

const MARK: Record<StageOutcome, string> = { ok: '✓', failed: '✗', warning: '!', skipped: '-', info: '·' };

export function renderDoctorReport(report: DoctorReport): string {
  const r = report.request;
  const lines = [
    `${r.method} ${r.url}`,
    `  from page ${r.pageOrigin}, credentials '${r.credentialsMode}'${r.preflight ? ', with preflight' : ''}${report.traceId ? `, edge trace ${report.traceId}` : ''}`,
    '',
    'Chain:',
    ...report.stages.map((s) => `  ${MARK[s.outcome]} ${s.name.padEnd(18)} ${s.summary}`),
    '',
    `Verdict: ${report.verdict === 'ok' ? 'OK' : 'BLOCKED'}`,
    report.pageSees.kind === 'response'
      ? `  The page gets HTTP ${report.pageSees.status}.`
      : `  The page sees a network error (TypeError: Failed to fetch).${report.pageSees.consoleMessage ? `\n  Console: ${report.pageSees.consoleMessage}` : report.pageSees.detail ? `\n  ${report.pageSees.detail}` : ''}`,
  ];
  if (report.rootCause.code !== 'ok') {
    lines.push(
      '',
      `Root cause: ${report.rootCause.code} (stage ${report.rootCause.stage}, from ${report.rootCause.evidence})`,
      `  ${report.rootCause.explanation}`,
      '',
      'Fix:',
      `  ${report.rootCause.fix}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
