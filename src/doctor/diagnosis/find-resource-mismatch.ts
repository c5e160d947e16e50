// Why a custom policy's `Resource` does not cover the URL the viewer requested, read from the policy the
// request carried (the `Policy` query parameter, else the `CloudFront-Policy` cookie). CloudFront compares the
// Resource with the URL as the viewer sent it — scheme, host, the port when the viewer used one, path, query —
// so a Resource signed for `https://cdn.example.com/...` does not cover `https://cdn.example.com:8443/...`
// (AWS: "Create a signed URL using a custom policy", Resource; docs/decisions/signed-resource-port.md).
// Pure: the doctor decodes the policy it sent; it needs no key and no trace.

import { matchPolicyResource, parseCustomPolicy, stripSigningParams } from '../../signer/cloudfront/index.ts';

export type ResourceMismatch = {
  /** The policy's Resource as signed. */
  readonly resource: string;
  /** The viewer URL the Resource is compared with (signing parameters removed). */
  readonly requestUrl: string;
  /** What differs: the port the viewer used and the Resource lacks, the host, the scheme, or the path/query. */
  readonly differs: readonly ('port' | 'host' | 'scheme' | 'path')[];
  /** A Resource that covers the request: the signed one with the viewer's scheme and host:port. */
  readonly resourceToSign: string;
  readonly via: 'url' | 'cookie';
};

/** CloudFront's URL-safe base64 (`-`→`+`, `_`→`=`, `~`→`/`). */
function decodeCloudFrontBase64(text: string): Buffer {
  return Buffer.from(text.replaceAll('-', '+').replaceAll('_', '=').replaceAll('~', '/'), 'base64');
}

function policyOf(
  url: URL,
  cookies: readonly { readonly name: string; readonly value: string }[],
): { readonly encoded: string; readonly via: 'url' | 'cookie' } | undefined {
  const fromQuery = url.searchParams.get('Policy');
  if (fromQuery !== null) return { encoded: fromQuery, via: 'url' };
  const cookie = cookies.find((c) => c.name === 'CloudFront-Policy');
  return cookie === undefined ? undefined : { encoded: cookie.value, via: 'cookie' };
}

export function findResourceMismatch(
  requestUrl: string,
  sentCookies: readonly { readonly name: string; readonly value: string }[],
): ResourceMismatch | undefined {
  if (!URL.canParse(requestUrl)) return undefined;
  const url = new URL(requestUrl);
  const policy = policyOf(url, sentCookies);
  if (policy === undefined) return undefined;
  let resource: string | undefined;
  try {
    resource = parseCustomPolicy(decodeCloudFrontBase64(policy.encoded)).resource;
  } catch {
    return undefined;
  }
  if (resource === undefined) return undefined;
  const scheme = url.protocol.slice(0, -1);
  const parts = {
    scheme,
    host: url.host,
    rawPath: url.pathname,
    rawQuery: stripSigningParams(url.search.slice(1)),
  };
  if (matchPolicyResource(resource, parts)) return undefined;

  const schemeEnd = resource.indexOf('://');
  const hasScheme = schemeEnd !== -1 && !resource.slice(0, schemeEnd).includes('/');
  const afterScheme = hasScheme ? resource.slice(schemeEnd + 3) : resource;
  const slash = afterScheme.indexOf('/');
  const domain = slash === -1 ? afterScheme : afterScheme.slice(0, slash);
  const rest = slash === -1 ? '' : afterScheme.slice(slash);
  const resourceScheme = hasScheme ? resource.slice(0, schemeEnd) : scheme;
  const build = (s: string, host: string): string => `${s}://${host}${rest}`;
  const shownUrl = `${scheme}://${url.host}${url.pathname}${parts.rawQuery === '' ? '' : `?${parts.rawQuery}`}`;

  const withViewerOrigin = build(scheme, url.host);
  if (!matchPolicyResource(withViewerOrigin, parts)) {
    return {
      resource,
      requestUrl: shownUrl,
      differs: ['path'],
      resourceToSign: `${scheme}://${url.host}${url.pathname}`,
      via: policy.via,
    };
  }
  const differs: ('port' | 'host' | 'scheme')[] = [];
  if (!matchPolicyResource(build(resourceScheme, url.host), parts)) differs.push('scheme');
  if (!matchPolicyResource(build(scheme, domain), parts)) {
    const hostMatchesWithoutPort =
      url.port !== '' && matchPolicyResource(build(scheme, domain), { ...parts, host: url.hostname });
    differs.push(hostMatchesWithoutPort ? 'port' : 'host');
  }
  return { resource, requestUrl: shownUrl, differs, resourceToSign: withViewerOrigin, via: policy.via };
}

/** One sentence naming what differs, for the doctor's explanation. */
export function describeResourceMismatch(mismatch: ResourceMismatch): string {
  const viewer = new URL(mismatch.requestUrl);
  const reason: Readonly<Record<ResourceMismatch['differs'][number], string>> = {
    port: `it has no port ${viewer.port} while the viewer used one, and CloudFront compares the Resource with the URL the viewer requested, port included`,
    host: `its host is not ${viewer.host}`,
    scheme: `its scheme is not ${viewer.protocol.slice(0, -1)}`,
    path: 'its path does not cover the requested path',
  };
  const reasons = mismatch.differs.map((d) => reason[d]);
  return (
    `The signed ${mismatch.via === 'url' ? 'URL' : 'cookies'}' policy has Resource "${mismatch.resource}", which does not cover ` +
    `${mismatch.requestUrl}: ${reasons.join('; ')}.`
  );
}
