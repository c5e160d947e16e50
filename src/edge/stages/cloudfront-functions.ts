// CloudFront Functions in the pipeline's two viewer-event stages (stages/viewer-event-stages.ts): the
// behavior's viewer-request function after signed access, before the cache lookup; its viewer-response
// function on the response before it is sent. Order and choices: docs/decisions/functions-in-the-pipeline.md.

import type {
  CompiledDistribution,
  CompiledOrigin,
  OriginEndpoint,
} from '../distribution/compiled-distribution.ts';
import type { EdgeResponse } from '../edge-response.ts';
import type { FunctionEngine } from '../functions/function-engine.ts';
import { functionErrorResponse } from '../functions/function-error-response.ts';
import {
  functionTraceEntry,
  runsViewerResponseFunction,
  runViewerRequestFunction,
  runViewerResponseFunction,
} from '../functions/function-stages.ts';
import type { KeyValueStore } from '../functions/key-value-store.ts';
import type { OriginModification, UpdateRequestOrigin } from '../functions/origin-modification.ts';
import { headerValue } from '../viewer-request.ts';
import { type AuthorizedRequest, withoutSigningParts } from './check-signed-access.ts';
import { parseCookieHeader, parseQueryParams, type StageResult } from './receive.ts';
import type { ViewerRequestStage, ViewerResponseStage } from './viewer-event-stages.ts';

export type CloudFrontFunctionsDeps = {
  readonly engine: FunctionEngine;
  /** The function an association's ARN names, in the snapshot being served. */
  readonly findFunction: Parameters<typeof runViewerRequestFunction>[1]['findFunction'];
  /** A store as it is now (the KeyValueStore data API may have changed it since the snapshot loaded). */
  readonly keyValueStore: (arn: string) => KeyValueStore | undefined;
  /** The distributions being served, to name a viewer-response event's distribution. */
  readonly distributions: () => readonly CompiledDistribution[];
  /** `edge.origins`: where a domain name given to updateRequestOrigin() is reached locally. */
  readonly originEndpoints: ReadonlyMap<string, OriginEndpoint>;
};

function eventDistribution(distribution: CompiledDistribution, requestId: string, viewerIp: string) {
  return {
    distributionDomainName: distribution.domainName,
    distributionId: distribution.id,
    requestId,
    viewerIp,
  };
}

/** The query as the viewer sent it, or undefined when the target had no `?` (rawQueryString()). */
function rawQueryOf(rawTarget: string, rawQuery: string): string | undefined {
  return rawTarget.includes('?') ? rawQuery : undefined;
}

function updatedOrigin(
  origin: CompiledOrigin,
  update: UpdateRequestOrigin,
  endpoints: ReadonlyMap<string, OriginEndpoint>,
): CompiledOrigin {
  const custom = update.customOriginConfig;
  const config: CompiledOrigin['config'] =
    custom === undefined
      ? origin.config
      : {
          kind: 'custom',
          httpPort: custom.protocol === 'http' ? custom.port : 80,
          httpsPort: custom.protocol === 'https' ? custom.port : 443,
          protocolPolicy: custom.protocol === 'http' ? 'http-only' : 'https-only',
          keepaliveTimeoutMs: (update.timeouts?.keepAliveTimeout ?? 5) * 1000,
        };
  const domainName = update.domainName ?? origin.domainName;
  let endpoint = origin.endpoint;
  if (update.domainName !== undefined && update.domainName !== origin.domainName) {
    const scheme =
      custom?.protocol ??
      (config.kind === 'custom' && config.protocolPolicy === 'http-only' ? 'http' : 'https');
    const port = custom?.port;
    endpoint = endpoints.get(domainName) ?? {
      kind: 'url',
      url: `${scheme}://${domainName}${port === undefined ? '' : `:${port}`}`,
    };
  }
  return {
    ...origin,
    domainName,
    endpoint,
    config,
    ...(update.originPath === undefined ? {} : { originPath: update.originPath.replace(/\/+$/, '') }),
    ...(update.customHeaders === undefined ? {} : { customHeaders: Object.entries(update.customHeaders) }),
    ...(update.connectionAttempts === undefined ? {} : { connectionAttempts: update.connectionAttempts }),
    ...(update.timeouts?.connectionTimeout === undefined
      ? {}
      : { connectionTimeoutMs: update.timeouts.connectionTimeout * 1000 }),
    ...(update.timeouts?.readTimeout === undefined
      ? {}
      : { readTimeoutMs: update.timeouts.readTimeout * 1000 }),
  };
}

/** The origin the request goes to after the function's origin helpers; undefined for an unknown origin id. */
function originAfter(
  req: AuthorizedRequest,
  modifications: readonly OriginModification[],
  endpoints: ReadonlyMap<string, OriginEndpoint>,
): CompiledOrigin | undefined {
  let origin: CompiledOrigin | undefined = req.origin;
  for (const modification of modifications) {
    if (origin === undefined) return undefined;
    if (modification.kind === 'selectRequestOriginById')
      origin = req.distribution.origins.get(modification.originId);
    // Failover between the two is not emulated (as for the distribution's own origin groups): the primary serves.
    else if (modification.kind === 'createRequestOriginGroup')
      origin = req.distribution.origins.get(modification.originIds[0]);
    else origin = updatedOrigin(origin, modification, endpoints);
  }
  return origin;
}

export function createCloudFrontFunctionStages(deps: CloudFrontFunctionsDeps): {
  readonly viewerRequestStage: ViewerRequestStage;
  readonly viewerResponseStage: ViewerResponseStage;
} {
  const viewerRequestStage: ViewerRequestStage = async (req): Promise<StageResult<AuthorizedRequest>> => {
    const functionArn = req.behavior.functionAssociations['viewer-request'];
    if (functionArn === undefined) return { kind: 'continue', value: req };
    const result = await runViewerRequestFunction(
      {
        functionArn,
        distribution: eventDistribution(req.distribution, req.requestId, req.viewer.clientIp),
        method: req.viewer.method,
        rawPath: req.rawPath,
        rawQuery: rawQueryOf(req.viewer.rawTarget, req.rawQuery),
        headers: req.viewer.headers,
      },
      deps,
    );
    if (result.kind === 'respond') {
      const outcome =
        result.response.generated === 'function'
          ? ('generated-response' as const)
          : { error: result.response.detailedResultType ?? 'FunctionExecutionError' };
      req.trace?.add(functionTraceEntry('viewer-request-function', functionArn, outcome, result.record));
      return { kind: 'respond', response: result.response };
    }
    const origin = originAfter(req, result.originModifications, deps.originEndpoints);
    if (origin === undefined) {
      req.trace?.add(
        functionTraceEntry(
          'viewer-request-function',
          functionArn,
          { error: 'FunctionExecutionError' },
          {
            ...result.record,
            errorMessage: 'The function selected an origin the distribution does not have',
          },
        ),
      );
      return { kind: 'respond', response: functionErrorResponse('FunctionExecutionError', req.requestId) };
    }
    req.trace?.add(functionTraceEntry('viewer-request-function', functionArn, 'request', result.record));
    const query = parseQueryParams(result.rawQuery);
    const cookies = parseCookieHeader(headerValue(result.headers, 'cookie'));
    const dro = req.distribution.defaultRootObject;
    return {
      kind: 'continue',
      value: {
        ...req,
        viewer: { ...req.viewer, rawTarget: result.rawTarget, headers: result.headers },
        rawPath: result.rawPath,
        rawQuery: result.rawQuery,
        query,
        cookies,
        originRawPath: result.rawPath === '/' && dro !== '' ? `/${dro}` : result.rawPath,
        origin,
        ...(req.behavior.requiresSignature
          ? withoutSigningParts(query, cookies)
          : { forwardableQuery: query, forwardableCookies: cookies }),
      },
    };
  };

  const viewerResponseStage: ViewerResponseStage = async (response, context): Promise<EdgeResponse> => {
    const functionArn = context.behavior?.functionAssociations['viewer-response'];
    if (functionArn === undefined || !runsViewerResponseFunction(response)) return response;
    const distribution = deps.distributions().find((d) => d.id === context.distributionId);
    if (distribution === undefined) return response;
    const { viewer } = context;
    const q = viewer.rawTarget.indexOf('?');
    const result = await runViewerResponseFunction(
      {
        functionArn,
        distribution: eventDistribution(distribution, context.requestId, viewer.clientIp),
        method: viewer.method,
        rawPath: q === -1 ? viewer.rawTarget : viewer.rawTarget.slice(0, q),
        rawQuery: q === -1 ? undefined : viewer.rawTarget.slice(q + 1),
        requestHeaders: viewer.headers,
        response,
      },
      deps,
    );
    const error = result.response.xCacheResult;
    const outcome = error === undefined ? ('response' as const) : { error };
    context.trace?.add(functionTraceEntry('viewer-response-function', functionArn, outcome, result.record));
    return result.response;
  };

  return { viewerRequestStage, viewerResponseStage };
}
