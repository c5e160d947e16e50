// The `Condition` element as IAM evaluates it: every operator and key must hold (AND); a key's values are
// alternatives (OR), and a negated operator holds only when none matches. A key missing from the request
// fails a positive operator and satisfies a negated one, `...IfExists` and `Null`. IAM JSON policy
// elements: Condition operators; Creating a condition with multiple keys or values (AWS IAM User Guide).

import { BlockList, isIP } from 'node:net';
import type { ConditionTest, PolicyCondition } from './bucket-policy-document.ts';
import { matchesArn, matchesWildcard } from './policy-wildcard.ts';

/** Request context keys (lower-cased) → their values; single-valued keys have one. */
export type PolicyContext = ReadonlyMap<string, readonly string[]>;

const NEGATED = new Set<ConditionTest>([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'ArnNotEquals',
  'ArnNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
]);

const POSITIVE_OF: Partial<Record<ConditionTest, ConditionTest>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};

function toInstant(value: string): number {
  return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

function inRange(address: string, cidr: string): boolean {
  const [network, prefix] = cidr.split('/');
  const family = isIP(network ?? '');
  if (family === 0 || isIP(address) === 0) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
  try {
    list.addSubnet(network as string, bits, type);
  } catch {
    return false;
  }
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/** Whether one request value matches one policy value under a positive test. */
function matchesOne(test: ConditionTest, actual: string, expected: string): boolean {
  switch (test) {
    case 'StringEquals':
      return actual === expected;
    case 'StringEqualsIgnoreCase':
      return actual.toLowerCase() === expected.toLowerCase();
    case 'StringLike':
      return matchesWildcard(expected, actual);
    case 'ArnEquals':
    case 'ArnLike':
      return matchesArn(expected, actual);
    case 'NumericEquals':
      return Number(actual) === Number(expected);
    case 'NumericLessThan':
      return Number(actual) < Number(expected);
    case 'NumericLessThanEquals':
      return Number(actual) <= Number(expected);
    case 'NumericGreaterThan':
      return Number(actual) > Number(expected);
    case 'NumericGreaterThanEquals':
      return Number(actual) >= Number(expected);
    case 'DateEquals':
      return toInstant(actual) === toInstant(expected);
    case 'DateLessThan':
      return toInstant(actual) < toInstant(expected);
    case 'DateLessThanEquals':
      return toInstant(actual) <= toInstant(expected);
    case 'DateGreaterThan':
      return toInstant(actual) > toInstant(expected);
    case 'DateGreaterThanEquals':
      return toInstant(actual) >= toInstant(expected);
    case 'Bool':
      return actual.toLowerCase() === expected.toLowerCase();
    case 'IpAddress':
      return inRange(actual, expected);
    default:
      return false;
  }
}

function holds(condition: PolicyCondition, actual: readonly string[] | undefined): boolean {
  const { test, values } = condition;
  if (test === 'Null') {
    const absent = actual === undefined || actual.length === 0;
    return values.some((v) => (v.toLowerCase() === 'true') === absent);
  }
  if (actual === undefined || actual.length === 0) {
    if (condition.ifExists) return true;
    if (condition.qualifier === 'ForAllValues') return true;
    return NEGATED.has(test);
  }
  const positive = POSITIVE_OF[test] ?? test;
  const matches = (value: string) => values.some((expected) => matchesOne(positive, value, expected));
  const negated = NEGATED.has(test);
  if (condition.qualifier === 'ForAllValues')
    return actual.every((value) => (negated ? !matches(value) : matches(value)));
  if (condition.qualifier === 'ForAnyValue')
    return actual.some((value) => (negated ? !matches(value) : matches(value)));
  const any = actual.some(matches);
  return negated ? !any : any;
}

export function conditionsHold(conditions: readonly PolicyCondition[], context: PolicyContext): boolean {
  return conditions.every((condition) => holds(condition, context.get(condition.key)));
}
