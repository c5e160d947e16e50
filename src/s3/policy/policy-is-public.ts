// Whether S3 judges a bucket policy "public": it allows everyone (or uses NotPrincipal) in a statement
// that no condition confines to fixed values of a key naming the caller's source or identity. The
// meaning of "public" (Amazon S3 User Guide, Blocking public access to your Amazon S3 storage).

import type { PolicyCondition, PolicyStatement, BucketPolicy } from './bucket-policy-document.ts';

/** Keys whose fixed values make a grant to everyone non-public. */
const CONFINING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:userid',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

const FIXED_TESTS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'ArnEquals', 'StringLike', 'ArnLike']);

/** An IPv4 range no broader than /8, an IPv6 one no broader than /32. */
function narrowRange(cidr: string): boolean {
  const [address, prefix] = cidr.split('/');
  const bits = prefix === undefined ? Number.POSITIVE_INFINITY : Number(prefix);
  return address?.includes(':') ? bits >= 32 : bits >= 8;
}

function confines(condition: PolicyCondition): boolean {
  if (condition.ifExists || condition.qualifier === 'ForAllValues') return false;
  if (condition.key === 'aws:sourceip')
    return condition.test === 'IpAddress' && condition.values.every(narrowRange);
  if (!CONFINING_KEYS.has(condition.key) || !FIXED_TESTS.has(condition.test)) return false;
  return condition.values.every((v) => !v.includes('*') && !v.includes('?'));
}

export function isPublicStatement(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Allow') return false;
  const toEveryone = statement.principal?.kind === 'everyone' || statement.notPrincipal !== undefined;
  return toEveryone && !statement.conditions.some(confines);
}

export function isPublicPolicy(policy: BucketPolicy): boolean {
  return policy.statements.some(isPublicStatement);
}
