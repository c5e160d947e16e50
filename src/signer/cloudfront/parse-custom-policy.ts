// Parses the decoded bytes of a custom policy (AWS: "Create a signed URL using a custom policy") — only after its signature has been
// verified. Any member order and whitespace are accepted; the shape is otherwise strict: exactly one statement,
// `DateLessThan` required, 32-bit integer epochs, IPv4 `AWS:SourceIp`, no unknown members.

import type { Ipv4Cidr } from './match-source-ip.ts';
import { parseIpv4Cidr } from './match-source-ip.ts';

export type CustomPolicy = {
  /** Absent: the policy grants every URL of every distribution that trusts the key (AWS: "Create a signed URL using a custom policy"). */
  readonly resource?: string;
  readonly dateLessThanEpochSeconds: number;
  readonly dateGreaterThanEpochSeconds?: number;
  readonly sourceIp?: Ipv4Cidr;
};

/** A structural problem with a policy: the verifier answers `MalformedPolicy`. */
export class PolicyFormatError extends Error {
  override readonly name = 'PolicyFormatError';
}

export const MAX_EPOCH_SECONDS = 2147483647;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseCustomPolicy(bytes: Uint8Array): CustomPolicy {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new PolicyFormatError('policy is not valid UTF-8');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new PolicyFormatError('policy is not valid JSON');
  }
  const top = expectObject(document, 'policy');
  expectOnlyMembers(top, ['Statement'], 'policy');
  let statementValue = top.Statement;
  if (statementValue === undefined) throw new PolicyFormatError('policy has no Statement');
  if (Array.isArray(statementValue)) {
    if (statementValue.length !== 1) {
      throw new PolicyFormatError(`policy must have exactly one statement, found ${statementValue.length}`);
    }
    statementValue = statementValue[0];
  }
  const statement = expectObject(statementValue, 'Statement');
  expectOnlyMembers(statement, ['Resource', 'Condition'], 'Statement');
  if (statement.Resource !== undefined && typeof statement.Resource !== 'string') {
    throw new PolicyFormatError('Statement.Resource must be a string');
  }
  if (statement.Condition === undefined) throw new PolicyFormatError('Statement has no Condition');
  const condition = expectObject(statement.Condition, 'Condition');
  expectOnlyMembers(condition, ['DateLessThan', 'DateGreaterThan', 'IpAddress'], 'Condition');
  if (condition.DateLessThan === undefined) throw new PolicyFormatError('Condition has no DateLessThan');
  const dateLessThanEpochSeconds = parseEpoch(condition.DateLessThan, 'DateLessThan');
  const dateGreaterThanEpochSeconds =
    condition.DateGreaterThan === undefined
      ? undefined
      : parseEpoch(condition.DateGreaterThan, 'DateGreaterThan');
  let sourceIp: Ipv4Cidr | undefined;
  if (condition.IpAddress !== undefined) {
    const ipAddress = expectObject(condition.IpAddress, 'IpAddress');
    expectOnlyMembers(ipAddress, ['AWS:SourceIp'], 'IpAddress');
    const value = ipAddress['AWS:SourceIp'];
    if (typeof value !== 'string') throw new PolicyFormatError('IpAddress.AWS:SourceIp must be a string');
    try {
      sourceIp = parseIpv4Cidr(value);
    } catch (error) {
      throw new PolicyFormatError(`IpAddress.AWS:SourceIp: ${(error as Error).message} (IPv4 only)`);
    }
  }
  return {
    ...(statement.Resource === undefined ? {} : { resource: statement.Resource as string }),
    dateLessThanEpochSeconds,
    ...(dateGreaterThanEpochSeconds === undefined ? {} : { dateGreaterThanEpochSeconds }),
    ...(sourceIp === undefined ? {} : { sourceIp }),
  };
}

function parseEpoch(value: unknown, where: string): number {
  const date = expectObject(value, where);
  expectOnlyMembers(date, ['AWS:EpochTime'], where);
  const epoch = date['AWS:EpochTime'];
  if (typeof epoch !== 'number' || !Number.isInteger(epoch)) {
    throw new PolicyFormatError(`${where}.AWS:EpochTime must be an integer number of seconds`);
  }
  if (epoch < 0 || epoch > MAX_EPOCH_SECONDS) {
    // Milliseconds are the usual cause (AWS: "Create a signed URL using a custom policy": users saw MalformedPolicy for them).
    throw new PolicyFormatError(
      `${where}.AWS:EpochTime ${epoch} is outside 0..${MAX_EPOCH_SECONDS} (seconds, not milliseconds)`,
    );
  }
  return epoch;
}

function expectObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new PolicyFormatError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

function expectOnlyMembers(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
      throw new PolicyFormatError(
        `${where} has an unknown member ${JSON.stringify(shown)} (expected ${allowed.join(', ')})`,
      );
    }
  }
}
