// An edge process in front of an S3 endpoint it does not own (another Frontgate store, Ceph RGW …):
// three distributions over one private bucket, each reaching it differently through `edge.origins`:
//   path.<suffix>     path-style, credentials from environment variables
//   virtual.<suffix>  virtual-hosted (`<bucket>.s3.localhost:<port>`), credentials from a JSON file
//   wrong.<suffix>    path-style, inline credentials with a wrong secret
// plus what the edge shows to anyone: its output, its trace log, the admin API and the console API.

import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

export type S3EndpointUnderTest = {
  /** Path-style endpoint, e.g. `http://127.0.0.1:7480`. */
  readonly endpoint: string;
  /** The same service under a host name whose `<bucket>.` sub-domains it answers, e.g. `http://s3.localhost:7480`. */
  readonly virtualEndpoint: string;
  readonly bucket: string;
  /** Region named in the distribution's origin domain (and so in the signature). */
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A secret the endpoint does not accept for `accessKeyId`. */
  readonly wrongSecretAccessKey: string;
};

export type EdgeOverS3Endpoint = {
  readonly edge: ServeProcess;
  readonly hosts: { readonly path: string; readonly virtual: string; readonly wrong: string };
  readonly get: (host: string, path: string) => Promise<ViewerReply>;
  /** Logs, trace log, admin traces and console API answers, as one text. */
  readonly everythingShown: () => Promise<string>;
};

export type ViewerReply = {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
};

const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

function distribution(alias: string, originId: string, domainName: string) {
  return {
    DistributionConfig: {
      CallerReference: alias,
      Aliases: { Quantity: 1, Items: [alias] },
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: originId,
            DomainName: domainName,
            OriginPath: '',
            S3OriginConfig: { OriginAccessIdentity: '' },
            // Not defined in edge.originAccessControls: sigv4, always, s3 is assumed.
            OriginAccessControlId: 'E2EXTERNALOAC',
          },
        ],
      },
      DefaultCacheBehavior: {
        TargetOriginId: originId,
        ViewerProtocolPolicy: 'allow-all',
        AllowedMethods: {
          Quantity: 2,
          Items: ['GET', 'HEAD'],
          CachedMethods: { Quantity: 2, Items: ['GET', 'HEAD'] },
        },
        CachePolicyId: CACHING_OPTIMIZED,
      },
      Comment: '',
      Enabled: true,
    },
  };
}

export async function startEdgeOverS3Endpoint(
  t: TestContext | { after: (fn: () => Promise<void> | void) => void },
  dir: string,
  target: S3EndpointUnderTest,
  hostSuffix: string,
): Promise<EdgeOverS3Endpoint> {
  const domainName = `${target.bucket}.s3.${target.region}.amazonaws.com`;
  const hosts = {
    path: `path.${hostSuffix}`,
    virtual: `virtual.${hostSuffix}`,
    wrong: `wrong.${hostSuffix}`,
  };
  await writeFile(
    join(dir, 'origin-credentials.json'),
    JSON.stringify({ accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey }),
  );
  await writeFile(
    join(dir, 'edge.json'),
    JSON.stringify({
      dataDir: 'edge-data',
      s3: { listen: '127.0.0.1:0' },
      edge: {
        listen: '127.0.0.1:0',
        admin: { listen: '127.0.0.1:0' },
        traceAll: true,
        traceLog: true,
        distributions: [
          { id: 'E1PATHSTYLE', config: distribution(hosts.path, 'media-path', domainName) },
          { id: 'E1VIRTUALHOST', config: distribution(hosts.virtual, 'media-virtual', domainName) },
          { id: 'E1WRONGSECRET', config: distribution(hosts.wrong, 'media-wrong', domainName) },
        ],
        // Keyed by origin Id: the three origins share one domain name.
        origins: {
          'media-path': {
            s3: {
              endpoint: target.endpoint,
              addressing: 'path',
              credentials: {
                accessKeyIdEnv: 'MEDIA_ACCESS_KEY_ID',
                secretAccessKeyEnv: 'MEDIA_SECRET_ACCESS_KEY',
              },
            },
          },
          'media-virtual': {
            s3: {
              endpoint: target.virtualEndpoint,
              addressing: 'virtual',
              credentials: { file: 'origin-credentials.json' },
            },
          },
          'media-wrong': {
            s3: {
              endpoint: target.endpoint,
              credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.wrongSecretAccessKey },
            },
          },
        },
      },
    }),
  );
  const edge = await startServeProcess(t, {
    cwd: dir,
    config: 'edge.json',
    env: { MEDIA_ACCESS_KEY_ID: target.accessKeyId, MEDIA_SECRET_ACCESS_KEY: target.secretAccessKey },
  });
  const edgeUrl = new URL(edge.edgeUrl ?? '');
  const get = (host: string, path: string): Promise<ViewerReply> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: edgeUrl.hostname, port: edgeUrl.port, path, headers: { host }, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  const everythingShown = async (): Promise<string> => {
    const admin = edge.adminUrl ?? '';
    const parts = [edge.output()];
    parts.push(await readFile(join(dir, 'edge-data', 'edge-trace.jsonl'), 'utf8'));
    const traces = (await (await fetch(`${admin}/traces`)).json()) as { traces: { id: string }[] };
    parts.push(JSON.stringify(traces));
    for (const { id } of traces.traces) parts.push(await (await fetch(`${admin}/traces/${id}`)).text());
    const consoleBase = new URL('/console/api/', edge.consoleUrl ?? admin);
    parts.push(await (await fetch(new URL('overview', consoleBase))).text());
    const requests = await (await fetch(new URL('requests', consoleBase))).text();
    parts.push(requests);
    for (const id of [...requests.matchAll(/"id":"([^"]+)"/g)].map((m) => m[1]))
      parts.push(await (await fetch(new URL(`requests/${id}`, consoleBase))).text());
    return parts.join('\n');
  };
  return { edge, hosts, get, everythingShown };
}
