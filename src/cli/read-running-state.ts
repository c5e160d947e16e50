// Reads what a running Frontgate holds beyond its config file, through its own AWS APIs on the S3 endpoint
// (SigV4-signed like any AWS client): the distributions, key groups, public keys, origin access controls and
// custom policies created through the CloudFront API, and every bucket's policy. `frontgate doctor --config`
// lints them as data next to the file-defined ones (docs/decisions/doctor-lint-running-state.md).

import type { FrontgateConfig } from '../config/index.ts';
import { loadCloudFrontModel } from '../control/index.ts';
import type { CloudFrontModel } from '../control/model/cloudfront-model.ts';
import { readShape } from '../control/wire/read-shape.ts';
import { type CorsRule, parseCorsConfigurationXml } from '../cors/index.ts';
import type { BucketCorsState, BucketPolicyState } from '../doctor/index.ts';
import type { EdgeApiResources } from '../edge/config/index.ts';
import { type SigV4Credentials, signRequestSigV4 } from '../signer/sigv4/index.ts';
import { childNode, childNodes, parseXml } from '../xml/index.ts';

export type RunningState = {
  /** The S3 endpoint the state was read from, e.g. `http://127.0.0.1:9000`. */
  readonly endpoint: string;
  /** API-created resources only: those the config file defines are left out (the API lists them read-only). */
  readonly apiResources: EdgeApiResources;
  readonly bucketPolicies: readonly BucketPolicyState[];
  /** Every bucket's CORS configuration as GetBucketCors answers it. */
  readonly bucketCors: readonly BucketCorsState[];
};

type Fetched = { readonly status: number; readonly etag: string | null; readonly body: string };

const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The endpoint a client on this machine reaches `s3.listen` at (a wildcard address means loopback). */
export function s3EndpointOfConfig(config: FrontgateConfig): string {
  const { host, port } = config.s3.listen;
  const reachable = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function readRunningState(
  config: FrontgateConfig,
  options: { readonly now?: () => Date; readonly timeoutMs?: number } = {},
): Promise<RunningState> {
  const credentials = config.s3.credentials[0];
  if (credentials === undefined) throw new Error('the config has no s3.credentials to sign with');
  const endpoint = s3EndpointOfConfig(config);
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 5000;
  const get = (service: 'cloudfront' | 's3', rawPath: string, rawQuery = ''): Promise<Fetched> =>
    signedGet({
      endpoint,
      rawPath,
      rawQuery,
      credentials,
      service,
      region: config.s3.region,
      now,
      timeoutMs,
    });
  const model = loadCloudFrontModel();
  const fileIds = new Set(fileDefinedIds(config));
  const cloudfront = async (path: string, query: string, outputShape: string): Promise<unknown> => {
    const answer = await get('cloudfront', path, query);
    if (answer.status !== 200)
      throw new Error(`GET ${path} answered ${answer.status}: ${errorCode(answer.body)}`);
    return readPayload(model, outputShape, answer.body, path);
  };

  const distributionIds: string[] = [];
  let marker = '';
  do {
    const list = (await cloudfront(
      '/2020-05-31/distribution',
      marker === '' ? '' : `Marker=${encodeURIComponent(marker)}`,
      'ListDistributionsResult',
    )) as { Items?: { Id: string }[]; IsTruncated?: boolean; NextMarker?: string };
    for (const summary of list.Items ?? []) distributionIds.push(summary.Id);
    marker = list.IsTruncated === true ? (list.NextMarker ?? '') : '';
  } while (marker !== '');
  const distributions: { id: string; etag: string; config: unknown }[] = [];
  for (const id of distributionIds.filter((d) => !fileIds.has(d))) {
    const path = `/2020-05-31/distribution/${encodeURIComponent(id)}/config`;
    const answer = await get('cloudfront', path);
    if (answer.status !== 200) continue; // deleted since the listing
    distributions.push({
      id,
      etag: answer.etag ?? '',
      config: readPayload(model, 'GetDistributionConfigResult', answer.body, path),
    });
  }

  const items = async <T>(path: string, query: string, shape: string): Promise<T[]> =>
    (((await cloudfront(path, query, shape)) as { Items?: T[] }).Items ?? []) as T[];
  const notInFile = <T extends { Id: string }>(entries: T[]): T[] =>
    entries.filter((e) => !fileIds.has(e.Id));
  const publicKeys = notInFile(
    await items<{ Id: string; EncodedKey: string }>('/2020-05-31/public-key', '', 'ListPublicKeysResult'),
  ).map((k) => ({ id: k.Id, encodedKey: k.EncodedKey }));
  const keyGroups = notInFile(
    (
      await items<{ KeyGroup: { Id: string; KeyGroupConfig: unknown } }>(
        '/2020-05-31/key-group',
        '',
        'ListKeyGroupsResult',
      )
    ).map((s) => ({ Id: s.KeyGroup.Id, KeyGroupConfig: s.KeyGroup.KeyGroupConfig })),
  );
  const originAccessControls = notInFile(
    await items<
      { Id: string } & EdgeApiResources['originAccessControls'][number]['OriginAccessControlConfig']
    >('/2020-05-31/origin-access-control', '', 'ListOriginAccessControlsResult'),
  ).map(({ Id, ...config }) => ({ Id, OriginAccessControlConfig: config }));
  // Each summary holds `{ CachePolicy: { Id, LastModifiedTime, CachePolicyConfig } }` and the like; the
  // edge takes `{ Id, CachePolicyConfig }`.
  const customPolicies = async (path: string, shape: string, member: string) =>
    notInFile(
      (
        await items<Record<string, Record<string, unknown> & { Id: string }>>(path, 'Type=custom', shape)
      ).flatMap((s) => {
        const policy = s[member];
        if (policy === undefined) return [];
        const configMember = `${member}Config`;
        return [{ Id: policy.Id, [configMember]: policy[configMember] }];
      }),
    );

  return {
    endpoint,
    apiResources: {
      distributions,
      publicKeys,
      keyGroups,
      cachePolicies: await customPolicies(
        '/2020-05-31/cache-policy',
        'ListCachePoliciesResult',
        'CachePolicy',
      ),
      originRequestPolicies: await customPolicies(
        '/2020-05-31/origin-request-policy',
        'ListOriginRequestPoliciesResult',
        'OriginRequestPolicy',
      ),
      responseHeadersPolicies: await customPolicies(
        '/2020-05-31/response-headers-policy',
        'ListResponseHeadersPoliciesResult',
        'ResponseHeadersPolicy',
      ),
      originAccessControls,
    },
    ...(await readBuckets(get, endpoint)),
  };
}

type S3Get = (service: 's3', rawPath: string, rawQuery?: string) => Promise<Fetched>;

async function readBuckets(
  get: S3Get,
  endpoint: string,
): Promise<Pick<RunningState, 'bucketPolicies' | 'bucketCors'>> {
  const list = await get('s3', '/');
  if (list.status !== 200) throw new Error(`ListBuckets answered ${list.status}: ${errorCode(list.body)}`);
  const listed = childNode(parseXml(list.body), 'Buckets');
  const buckets = (listed === undefined ? [] : childNodes(listed, 'Bucket'))
    .map((b) => childNode(b, 'Name')?.text ?? '')
    .filter((b) => b !== '');
  const bucketPolicies: BucketPolicyState[] = [];
  const bucketCors: BucketCorsState[] = [];
  for (const bucket of buckets) {
    const policy = await get('s3', `/${encodeURIComponent(bucket)}`, 'policy=');
    const source = `GetBucketPolicy on ${endpoint}`;
    if (policy.status === 200)
      bucketPolicies.push({ bucket, policy: policy.body, source, authoritative: true });
    else if (errorCode(policy.body) === 'NoSuchBucketPolicy')
      bucketPolicies.push({ bucket, policy: null, source, authoritative: true });
    const rules = await readBucketCors(get, bucket);
    if (rules !== undefined)
      bucketCors.push({ bucket, rules, source: `GetBucketCors(${bucket}) on ${endpoint}` });
  }
  return { bucketPolicies, bucketCors };
}

/** The bucket's CORS rules, `null` when it has none, undefined when the answer says neither. */
async function readBucketCors(get: S3Get, bucket: string): Promise<CorsRule[] | null | undefined> {
  const answer = await get('s3', `/${encodeURIComponent(bucket)}`, 'cors=');
  if (answer.status === 200) {
    try {
      return parseCorsConfigurationXml(answer.body);
    } catch {
      return undefined;
    }
  }
  return errorCode(answer.body) === 'NoSuchCORSConfiguration' ? null : undefined;
}

function readPayload(model: CloudFrontModel, outputShape: string, body: string, path: string): unknown {
  const output = model.shapes[outputShape];
  if (output?.kind !== 'structure' || output.payload === undefined)
    throw new Error(`${outputShape} has no payload in the model`);
  const payloadType = output.members[output.payload]?.type;
  if (payloadType === undefined) throw new Error(`${outputShape}.${output.payload} is not in the model`);
  return readShape(model, payloadType, parseXml(body), path);
}

function errorCode(body: string): string {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? 'no error code';
}

function fileDefinedIds(config: FrontgateConfig): string[] {
  const edge = config.edge;
  if (edge === undefined) return [];
  const ids = (entries: readonly unknown[]): string[] =>
    entries.flatMap((e) => {
      const id = (e as { id?: unknown; Id?: unknown }).id ?? (e as { Id?: unknown }).Id;
      return typeof id === 'string' ? [id] : [];
    });
  const raw = (config.raw.edge ?? {}) as Record<string, unknown>;
  const rawList = (name: string): unknown[] => (Array.isArray(raw[name]) ? (raw[name] as unknown[]) : []);
  return [
    ...edge.distributions.map((d) => d.id),
    ...edge.publicKeys.map((k) => k.id),
    ...ids(rawList('keyGroups')),
    ...ids(rawList('cachePolicies')),
    ...ids(rawList('originRequestPolicies')),
    ...ids(rawList('responseHeadersPolicies')),
    ...ids(rawList('originAccessControls')),
  ];
}

async function signedGet(input: {
  readonly endpoint: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly credentials: SigV4Credentials;
  readonly service: 'cloudfront' | 's3';
  readonly region: string;
  readonly now: () => Date;
  readonly timeoutMs: number;
}): Promise<Fetched> {
  const url = new URL(`${input.rawPath}${input.rawQuery === '' ? '' : `?${input.rawQuery}`}`, input.endpoint);
  const signed = signRequestSigV4({
    method: 'GET',
    host: url.host,
    rawPath: input.rawPath,
    rawQuery: input.rawQuery,
    payloadHash: EMPTY_PAYLOAD_SHA256,
    credentials: input.credentials,
    // CloudFront is a global service signed for us-east-1; S3 for the store's region.
    region: input.service === 'cloudfront' ? 'us-east-1' : input.region,
    service: input.service,
    now: input.now(),
  });
  let response: Response;
  try {
    response = await fetch(url, { headers: signed.headers, signal: AbortSignal.timeout(input.timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `${url.origin} did not answer: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
  return { status: response.status, etag: response.headers.get('etag'), body: await response.text() };
}
