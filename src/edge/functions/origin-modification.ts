// What a viewer-request function asked of the origin through the `cloudfront` module, as data the edge
// applies after the function returns ("Helper methods for origin modification": updateRequestOrigin,
// selectRequestOriginById, createRequestOriginGroup; viewer-request functions only). Parameter ranges are the
// documented ones; a call outside them throws inside the function.

export interface UpdateRequestOrigin {
  readonly kind: 'updateRequestOrigin';
  readonly domainName?: string;
  readonly originPath?: string;
  readonly customHeaders?: Readonly<Record<string, string>>;
  readonly connectionAttempts?: number;
  readonly originAccessControlConfig?: {
    readonly enabled: boolean;
    readonly signingBehavior?: 'always' | 'never' | 'no-override';
    readonly signingProtocol?: 'sigv4';
    readonly originType?: string;
  };
  readonly timeouts?: {
    readonly readTimeout?: number;
    readonly keepAliveTimeout?: number;
    readonly connectionTimeout?: number;
  };
  readonly customOriginConfig?: {
    readonly port: number;
    readonly protocol: 'http' | 'https';
    readonly sslProtocols?: readonly string[];
  };
  readonly originShield?: { readonly enabled: boolean; readonly region?: string };
}

export interface SelectRequestOriginById {
  readonly kind: 'selectRequestOriginById';
  readonly originId: string;
}

export interface CreateRequestOriginGroup {
  readonly kind: 'createRequestOriginGroup';
  readonly originIds: readonly [string, string];
  readonly failoverStatusCodes: readonly number[];
  readonly selectionCriteria: string;
}

export type OriginModification = UpdateRequestOrigin | SelectRequestOriginById | CreateRequestOriginGroup;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function inRange(value: unknown, min: number, max: number, name: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  }
}

function optionalString(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'string') throw new Error(`${name} must be a string`);
}

function updateRequestOrigin(params: unknown): UpdateRequestOrigin {
  if (!isObject(params)) throw new TypeError('updateRequestOrigin expects an object');
  optionalString(params.domainName, 'domainName');
  optionalString(params.originPath, 'originPath');
  if (
    typeof params.originPath === 'string' &&
    params.originPath !== '' &&
    !params.originPath.startsWith('/')
  ) {
    throw new Error('originPath must start with /');
  }
  inRange(params.connectionAttempts, 1, 3, 'connectionAttempts');
  if (params.timeouts !== undefined) {
    if (!isObject(params.timeouts)) throw new TypeError('timeouts must be an object');
    inRange(params.timeouts.readTimeout, 1, 60, 'timeouts.readTimeout');
    inRange(params.timeouts.keepAliveTimeout, 1, 60, 'timeouts.keepAliveTimeout');
    inRange(params.timeouts.connectionTimeout, 1, 10, 'timeouts.connectionTimeout');
  }
  if (params.customHeaders !== undefined) {
    if (
      !isObject(params.customHeaders) ||
      Object.values(params.customHeaders).some((v) => typeof v !== 'string')
    ) {
      throw new TypeError('customHeaders must map header names to strings');
    }
  }
  if (params.customOriginConfig !== undefined) {
    const config = params.customOriginConfig;
    if (!isObject(config)) throw new TypeError('customOriginConfig must be an object');
    inRange(config.port, 1, 65535, 'customOriginConfig.port');
    if (config.protocol !== 'http' && config.protocol !== 'https') {
      throw new Error('customOriginConfig.protocol must be "http" or "https"');
    }
  }
  if (params.originAccessControlConfig !== undefined) {
    const oac = params.originAccessControlConfig;
    if (!isObject(oac) || typeof oac.enabled !== 'boolean') {
      throw new TypeError('originAccessControlConfig needs a boolean "enabled"');
    }
    if (
      oac.signingBehavior !== undefined &&
      !['always', 'never', 'no-override'].includes(String(oac.signingBehavior))
    ) {
      throw new Error('originAccessControlConfig.signingBehavior must be always, never or no-override');
    }
  }
  if (
    params.originShield !== undefined &&
    (!isObject(params.originShield) || typeof params.originShield.enabled !== 'boolean')
  ) {
    throw new TypeError('originShield needs a boolean "enabled"');
  }
  return { ...(params as Omit<UpdateRequestOrigin, 'kind'>), kind: 'updateRequestOrigin' };
}

function originIdOf(value: unknown): string {
  const id = isObject(value) ? value.originId : value;
  if (typeof id !== 'string' || id === '') throw new TypeError('each origin must be an origin ID string');
  return id;
}

function createRequestOriginGroup(params: unknown): CreateRequestOriginGroup {
  if (!isObject(params)) throw new TypeError('createRequestOriginGroup expects an object');
  if (!Array.isArray(params.originIds) || params.originIds.length !== 2) {
    throw new Error('originIds must name exactly two origins (primary, then failover)');
  }
  const codes = isObject(params.failoverCriteria) ? params.failoverCriteria.statusCodes : undefined;
  if (
    !Array.isArray(codes) ||
    codes.length === 0 ||
    codes.some((c) => !Number.isInteger(c) || c < 400 || c > 599)
  ) {
    throw new Error('failoverCriteria.statusCodes must list HTTP status codes from 400 to 599');
  }
  const selection = params.selectionCriteria ?? 'default';
  if (!['default', 'media-quality-based', 'media-quality-score'].includes(String(selection))) {
    throw new Error('selectionCriteria must be "default" or "media-quality-based"');
  }
  return {
    kind: 'createRequestOriginGroup',
    originIds: [originIdOf(params.originIds[0]), originIdOf(params.originIds[1])],
    failoverStatusCodes: codes as number[],
    selectionCriteria: String(selection),
  };
}

/** Validates one helper call; throws (into the function) when the call is not allowed or malformed. */
export function decideOriginModification(
  kind: string,
  params: unknown,
  eventType: string,
): OriginModification {
  if (eventType !== 'viewer-request') {
    throw new Error(`${kind}() can be used in viewer-request functions only`);
  }
  switch (kind) {
    case 'updateRequestOrigin':
      return updateRequestOrigin(params);
    case 'selectRequestOriginById':
      return { kind, originId: originIdOf(params) };
    case 'createRequestOriginGroup':
      return createRequestOriginGroup(params);
    default:
      throw new Error(`Unknown origin helper ${kind}`);
  }
}
