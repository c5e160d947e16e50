// The `IpAddress` / `AWS:SourceIp` condition (AWS: "Create a signed URL using a custom policy"): one IPv4 address or CIDR range;
// IPv6 is not supported by CloudFront, so an IPv6 viewer never matches.

export type Ipv4Cidr = { readonly text: string; readonly network: number; readonly maskBits: number };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `a.b.c.d/n` (a bare address means `/32`); throws for anything else, IPv6 included. */
export function parseIpv4Cidr(text: string): Ipv4Cidr {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash === -1 ? text : text.slice(0, slash));
  const maskText = slash === -1 ? '32' : text.slice(slash + 1);
  if (address === undefined) throw new Error(`"${text}" is not an IPv4 address or CIDR range`);
  if (!/^\d{1,2}$/.test(maskText) || Number(maskText) > 32)
    throw new Error(`"${text}" has an invalid prefix length`);
  const maskBits = Number(maskText);
  return { text, network: (address & maskOf(maskBits)) >>> 0, maskBits };
}

/** IPv4 dotted quad → unsigned 32-bit number; IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as Node reports it) too. */
export function parseIpv4(text: string): number | undefined {
  const unmapped = text.toLowerCase().startsWith('::ffff:') ? text.slice(7) : text;
  const match = IPV4.exec(unmapped);
  if (match === null) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function matchSourceIp(cidr: Ipv4Cidr, clientIp: string): boolean {
  const address = parseIpv4(clientIp);
  if (address === undefined) return false;
  return (address & maskOf(cidr.maskBits)) >>> 0 === cidr.network;
}

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}
