// Parses a distribution's `OriginGroups` (failover pairs) and checks their members name real origins
// (AWS: "Understand cache policies"). Called by parse-distribution-config.ts; errors name the JSON path.

import {
  type JsonObject,
  optionalList,
  readObject,
  requiredObject,
  requiredString,
} from './aws-json-reader.ts';
import { DistributionConfigError } from './distribution-config-error.ts';
import type { ParsedOriginGroup } from './parsed-distribution-config.ts';

export function parseOriginGroups(
  config: JsonObject,
  path: string,
  originIds: ReadonlySet<string>,
): readonly ParsedOriginGroup[] {
  const list = optionalList(config, 'OriginGroups', path);
  const groups = list.items.map((raw, index) => parseOriginGroup(raw, `${list.path}[${index}]`, originIds));
  return Object.freeze(groups);
}

function parseOriginGroup(
  raw: unknown,
  groupPath: string,
  originIds: ReadonlySet<string>,
): ParsedOriginGroup {
  const group = readObject(raw, groupPath);
  const id = requiredString(group, 'Id', groupPath);
  if (originIds.has(id))
    throw new DistributionConfigError(
      `${groupPath}.Id`,
      'InvalidArgument',
      `"${id}" is already an origin id`,
    );
  const criteria = requiredObject(group, 'FailoverCriteria', groupPath);
  const statusCodes = optionalList(criteria, 'StatusCodes', `${groupPath}.FailoverCriteria`).items.map(
    (code, codeIndex) => {
      if (typeof code !== 'number' || !Number.isInteger(code))
        throw new DistributionConfigError(
          `${groupPath}.FailoverCriteria.StatusCodes.Items[${codeIndex}]`,
          'InvalidArgument',
          'must be an HTTP status code',
        );
      return code;
    },
  );
  requiredObject(group, 'Members', groupPath);
  const members = optionalList(group, 'Members', groupPath);
  const memberIds = members.items.map((member, memberIndex) => {
    const memberPath = `${members.path}[${memberIndex}]`;
    const originId = requiredString(readObject(member, memberPath), 'OriginId', memberPath);
    if (!originIds.has(originId))
      throw new DistributionConfigError(
        `${memberPath}.OriginId`,
        'NoSuchOrigin',
        `no origin has the id "${originId}"`,
      );
    return originId;
  });
  if (memberIds.length !== 2)
    throw new DistributionConfigError(
      `${groupPath}.Members`,
      'InvalidArgument',
      'an origin group has exactly two members',
    );
  return Object.freeze({
    jsonPath: groupPath,
    id,
    failoverStatusCodes: Object.freeze(statusCodes),
    memberOriginIds: Object.freeze(memberIds),
  });
}
