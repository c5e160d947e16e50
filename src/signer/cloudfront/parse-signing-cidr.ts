// Validates the `ipAddress` signing option into the `AWS:SourceIp` value (IPv4 CIDR, `/32` added to a bare
// address), throwing the same messages as @aws-sdk/cloudfront-signer (AWS: "aws-sdk-js-v3 @aws-sdk/cloudfront-signer").

export function parseSigningCidr(cidr: string): string {
  try {
    const parts = cidr.split('/');
    if (parts.some((part) => part.length === 0)) throw new Error('missing ip or mask part of CIDR');
    const octets = parts[0].split('.');
    // The SDK's own wording, including the full stop that ends up doubled in the final message.
    if (octets.length !== 4) throw new Error('IP does not contain four octets.');
    if (!octets.every((octet) => isIntegerInRange(octet, 255))) throw new Error('invalid IP octets');
    let mask = '32';
    if (parts.length === 2) {
      if (!isIntegerInRange(parts[1], 32)) throw new Error('invalid mask');
      mask = parts[1];
    }
    return `${parts[0]}/${mask}`;
  } catch (error) {
    throw new Error(`IP address "${cidr}" is invalid due to ${(error as Error).message}.`);
  }
}

/** `Number()` semantics on purpose (what the SDK accepts, e.g. `" 1"`), bounded to 0..max. */
function isIntegerInRange(text: string, max: number): boolean {
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 && value <= max;
}
