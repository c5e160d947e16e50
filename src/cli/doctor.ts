// `frontgate doctor`: explains why a browser blocks a request. Request mode replays the page's requests for
// real (--page-origin/--url); lint mode (--config) predicts problems from the configuration alone.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/index.ts';
import type { CredentialsMode, LintFinding } from '../doctor/index.ts';
import {
  diagnose,
  lintConfig,
  parseCookiesFile,
  parseResolveRule,
  renderDoctorReport,
  renderLintFindings,
} from '../doctor/index.ts';
import type { DistributionStatus } from '../edge/index.ts';
import {
  type AdminAddress,
  adminAddressOfConfig,
  adminAuthorization,
  adminBase,
  resolveAdminAddress,
} from './admin-address.ts';
import type { Command } from './command.ts';
import { type RunningState, readRunningState } from './read-running-state.ts';
import { UsageError } from './command.ts';

const usage = `Usage:
  frontgate doctor --page-origin ORIGIN --url URL [--backend-url URL] [--backend-as fetch|navigation]
                   [-X|--method M] [-H|--header 'Name: value']... [--credentials include|same-origin|omit]
                   [--resolve HOST:PORT:ADDRESS]... [--cacert FILE] [-k|--insecure] [--admin URL | -c|--config FILE]
                   [--json]
  frontgate doctor -c|--config FILE [--page-origin ORIGIN]... [--backend-url URL] [--cookies FILE] [--admin URL]
                   [--json]

Request mode (--url) performs the requests a browser page would make (backend call that sets cookies, CORS
preflight, actual request with Origin and cookies) and prints each stage, what the page sees, the root cause and
the fix. Defaults: --method GET, --credentials include, --backend-as fetch. The edge's traces are read from
--admin, else from the admin URL a Frontgate edge names in its x-frontgate-admin header, else from
edge.admin.listen of --config FILE. --resolve works like curl's (*.domain and port * allowed).
Lint mode (--config without --url) predicts the same failures from the config file (its "doctor" section, or
the flags) without a request; --cookies reads the junlog cookies.json shape. It also asks the running edge
(--admin, else FRONTGATE_ADMIN_URL, else the config's edge.admin.listen) whether responses cached under an
older config remain; an edge that does not answer there is skipped with a note, unless --admin was given.
It also reads the running instance's own state through its S3 endpoint (s3.listen, signed with the first of
s3.credentials): the distributions, key groups, public keys, origin access controls and custom policies created
through the CloudFront API are linted with the file's, and every bucket's policy (GetBucketPolicy) and CORS
configuration (GetBucketCors) replace what the file states, so an origin access control refused by a bucket
policy, or CORS rules set with put-bucket-cors, are explained. An instance that does not answer is skipped with
a note.
Exit status: 0 when the browser would succeed, 1 when blocked (lint: when an error is found), 2 usage errors
(lint: also when an explicit --admin cannot be read).`;

export const doctorCommand: Command = {
  name: 'doctor',
  usage,
  run: async (args, io) => {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const v = parsed.values;
    const resolvePath = (p: string): string => resolve(io.cwd, p);
    if (v.config !== undefined && v.url === undefined) {
      let cookie: ReturnType<typeof parseCookiesFile>['cookie'] | undefined;
      if (v.cookies !== undefined)
        cookie = parseCookiesFile(JSON.parse(readFileSync(resolvePath(v.cookies), 'utf8'))).cookie;
      const admin = resolveAdminAddress({ admin: v.admin, config: v.config }, io.env, io.cwd);
      let runningEdge: readonly DistributionStatus[] | undefined;
      // A config without an edge section names no admin listener: nothing runs to ask.
      if (admin.source !== 'default')
        try {
          runningEdge = await fetchDistributionStatus(admin);
        } catch (error) {
          const reason = `cannot read ${admin.url}/distributions: ${(error as Error).message}`;
          if (admin.source === 'flag' || admin.source === 'env') {
            io.stderr(`frontgate doctor: ${reason}\n`);
            return 2;
          }
          io.stderr(`frontgate doctor: running edge not checked (${reason})\n`);
        }
      const config = loadConfigFile(resolvePath(v.config), io.env);
      let running: RunningState | undefined;
      try {
        running = await readRunningState(config);
      } catch (error) {
        io.stderr(
          `frontgate doctor: the running instance's API state not read (${(error as Error).message}); linting the files alone\n`,
        );
      }
      const findings: LintFinding[] = lintConfig(config, {
        pageOrigins: (v['page-origin'] ?? []).map((o) => new URL(o).origin),
        backendOrigin: v['backend-url'] === undefined ? undefined : new URL(v['backend-url']).origin,
        cookie,
        runningEdge,
        runningEdgeAdminUrl: runningEdge === undefined ? undefined : admin.url,
        apiResources: running?.apiResources,
        apiEndpoint: running?.endpoint,
        bucketPolicies: running?.bucketPolicies,
        bucketCors: running?.bucketCors,
      });
      io.stdout(v.json ? `${JSON.stringify({ findings }, null, 2)}\n` : renderLintFindings(findings));
      return findings.some((f) => f.severity === 'error') ? 1 : 0;
    }
    const pageOrigin = v['page-origin']?.[0];
    if (pageOrigin === undefined || v.url === undefined)
      throw new UsageError('request mode needs --page-origin and --url (or use --config FILE)');
    if (!URL.canParse(pageOrigin) || !URL.canParse(v.url))
      throw new UsageError('--page-origin and --url must be absolute URLs');
    const credentials = v.credentials ?? 'include';
    if (!['include', 'same-origin', 'omit'].includes(credentials))
      throw new UsageError('--credentials must be include, same-origin or omit');
    const backendAs = v['backend-as'] ?? 'fetch';
    if (backendAs !== 'fetch' && backendAs !== 'navigation')
      throw new UsageError('--backend-as must be fetch or navigation');
    const headers = (v.header ?? []).map((h): [string, string] => {
      const colon = h.indexOf(':');
      if (colon <= 0) throw new UsageError(`-H "${h}": expected "Name: value"`);
      return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
    });
    let resolveRules: ReturnType<typeof parseResolveRule>[];
    try {
      resolveRules = (v.resolve ?? []).map(parseResolveRule);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const configAdmin = v.config === undefined ? undefined : adminAddressOfConfig(v.config, io.cwd);
    const report = await diagnose({
      pageOrigin,
      url: v.url,
      method: v.method ?? 'GET',
      headers,
      credentials: credentials as CredentialsMode,
      backendUrl: v['backend-url'],
      backendRequestKind: backendAs,
      resolve: resolveRules,
      ca: v.cacert === undefined ? undefined : readFileSync(resolvePath(v.cacert), 'utf8'),
      insecure: v.insecure === true,
      adminUrl: v.admin,
      fallbackAdminUrl: configAdmin?.url,
      adminToken: io.env.FRONTGATE_ADMIN_TOKEN || configAdmin?.token,
    });
    io.stdout(v.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorReport(report));
    return report.verdict === 'ok' ? 0 : 1;
  },
};

/** The running edge's `GET /distributions` (config ETags, last invalidations, cache counts). */
async function fetchDistributionStatus(admin: AdminAddress): Promise<readonly DistributionStatus[]> {
  const response = await fetch(new URL('distributions', adminBase(admin.url)), {
    headers: adminAuthorization(admin),
    signal: AbortSignal.timeout(5000),
  });
  if (response.status !== 200) throw new Error(`admin answered ${response.status}`);
  const body = (await response.json()) as { distributions?: unknown };
  if (!Array.isArray(body.distributions)) throw new Error('not a distribution list');
  return body.distributions as DistributionStatus[];
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      'page-origin': { type: 'string', multiple: true },
      url: { type: 'string' },
      'backend-url': { type: 'string' },
      'backend-as': { type: 'string' },
      method: { type: 'string', short: 'X' },
      header: { type: 'string', short: 'H', multiple: true },
      credentials: { type: 'string' },
      resolve: { type: 'string', multiple: true },
      cacert: { type: 'string' },
      insecure: { type: 'boolean', short: 'k' },
      admin: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      cookies: { type: 'string' },
      debug: { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
}
