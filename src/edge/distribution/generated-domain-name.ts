// The CloudFront-style domain name of a distribution (`d111111abcdef8.cloudfront.net`, AWS: "Amazon CloudFront API Reference"): `d` plus
// 13 lower-case alphanumerics, derived from the distribution id with a hash so it is stable across restarts.

import { createHash } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function generatedDomainName(distributionId: string): string {
  const digest = createHash('sha256').update(`frontgate-distribution:${distributionId}`).digest();
  let label = 'd';
  for (let index = 0; index < 13; index++) label += ALPHABET[digest[index] % ALPHABET.length];
  return `${label}.cloudfront.net`;
}
