// Virtual-hosted vs path-style addressing (AWS: "Virtual hosting of buckets (Amazon S3 User Guide)"): strip a known service suffix from Host;
// what remains is the bucket. IP literals, bare names and unknown domains mean path style.

const AMAZON_VIRTUAL = /^(.+)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com$/;
const AMAZON_SERVICE = /^s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com$/;
const BUILT_IN_SUFFIXES = ['s3.localhost', 'localhost'];

export type HostAddressing =
  | { readonly kind: 'path' }
  | { readonly kind: 'virtual'; readonly bucket: string };

/** Host without port, lower-cased; IPv6 literals keep their brackets. */
export function hostName(hostHeader: string | undefined): string {
  const host = (hostHeader ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
}

export function resolveBucketHost(
  hostHeader: string | undefined,
  extraSuffixes: readonly string[],
): HostAddressing {
  const host = hostName(hostHeader).replace(/\.$/, '');
  if (host === '' || isIpLiteral(host) || !host.includes('.')) return { kind: 'path' };
  if (AMAZON_SERVICE.test(host)) return { kind: 'path' };
  const amazon = AMAZON_VIRTUAL.exec(host);
  if (amazon) return { kind: 'virtual', bucket: amazon[1] };
  // Longest suffix first so `s3.localhost` wins over `localhost`.
  const suffixes = [...extraSuffixes.map((s) => s.toLowerCase()), ...BUILT_IN_SUFFIXES].sort(
    (a, b) => b.length - a.length,
  );
  for (const suffix of suffixes) {
    if (host === suffix) return { kind: 'path' };
    if (host.endsWith(`.${suffix}`)) return { kind: 'virtual', bucket: host.slice(0, -suffix.length - 1) };
  }
  return { kind: 'path' };
}
