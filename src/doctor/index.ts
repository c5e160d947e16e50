// Public surface of the doctor: the browser model (CORS checks, preflight rules, cookie store), the request
// mode (`diagnose` replays a page's requests and explains them) and the static lint of a config.

export type {
  BrowserCookieJar,
  CookieRejection,
  CookieWithheld,
  ReceiveResult,
  SendResult,
  StoredCookie,
} from './browser/browser-cookie-jar.ts';
export { createBrowserCookieJar } from './browser/browser-cookie-jar.ts';
export type { CorsCheckCode, CorsCheckResult, CredentialsMode } from './browser/check-cors-response.ts';
export { checkCorsResponse } from './browser/check-cors-response.ts';
export type { PreflightCheckCode, PreflightCheckResult } from './browser/check-preflight-response.ts';
export { checkPreflightResponse } from './browser/check-preflight-response.ts';
export type { ChromiumCorsError } from './browser/chromium-cors-message.ts';
export { renderChromiumCorsMessage } from './browser/chromium-cors-message.ts';
export type { HeaderRecord } from './browser/header-list.ts';
export type { NeedsPreflightResult, PreflightReason, RequestMode } from './browser/needs-preflight.ts';
export { needsPreflight } from './browser/needs-preflight.ts';
export { isSameSite, schemefulSite } from './browser/schemeful-site.ts';
export type { DoctorObservation, ExchangeOutcome, HttpExchange } from './diagnosis/doctor-observation.ts';
export type {
  DoctorReport,
  DoctorStage,
  PageSees,
  RootCause,
  RootCauseCode,
  StageName,
} from './diagnosis/doctor-report.ts';
export type { EdgeTraceView } from './diagnosis/edge-trace-view.ts';
export { readEdgeTrace } from './diagnosis/edge-trace-view.ts';
export { explainObservation } from './diagnosis/explain-observation.ts';
export type { CookieSettings, DoctorSettings } from './lint/doctor-settings.ts';
export { parseCookiesFile, parseDoctorSettings } from './lint/doctor-settings.ts';
export type { BucketCorsState, LintOverrides } from './lint/lint-config.ts';
export { lintConfig, renderLintFindings } from './lint/lint-config.ts';
export {
  type BucketPolicyState,
  lintOriginAccess,
  type OriginAccessLintInput,
} from './lint/lint-origin-access.ts';
export type { LintDistributionInput, LintFinding, LintSeverity } from './lint/lint-distribution.ts';
export { lintDistribution } from './lint/lint-distribution.ts';
export { renderDoctorReport } from './render-doctor-report.ts';
export type { ResolveRule } from './request/create-doctor-dispatcher.ts';
export { createDoctorDispatcher, parseResolveRule } from './request/create-doctor-dispatcher.ts';
export type { DiagnoseOptions } from './request/diagnose.ts';
export { diagnose } from './request/diagnose.ts';
