// The `x-amz-grant-*` request headers (PutObject, CreateMultipartUpload, CopyObject, CreateBucket,
// PutBucketAcl, PutObjectAcl) mapped to the canned ACL they express, since the access model knows canned ACLs
// only. Each header lists grantees as `type="value"` pairs separated by commas, the type one of `id`, `uri`,
// `emailAddress` (AWS: "PutObject", request header x-amz-grant-read, Amazon S3 API Reference).

import type { CannedAcl } from '../store/index.ts';
import { S3Error } from './s3-error.ts';
import { OWNER } from './s3-types.ts';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

const GRANT_HEADERS: Readonly<Record<string, string>> = {
  'x-amz-grant-read': 'READ',
  'x-amz-grant-write': 'WRITE',
  'x-amz-grant-read-acp': 'READ_ACP',
  'x-amz-grant-write-acp': 'WRITE_ACP',
  'x-amz-grant-full-control': 'FULL_CONTROL',
};

/** The group grants each canned ACL stands for, keyed as the sorted `group:PERMISSION` list. */
const CANNED_BY_GROUP_GRANTS: Readonly<Record<string, CannedAcl>> = {
  '': 'private',
  'all:READ': 'public-read',
  'all:READ,all:WRITE': 'public-read-write',
  'auth:READ': 'authenticated-read',
};

const GRANTEE = /^\s*(id|uri|emailAddress)\s*=\s*"([^"]*)"\s*$/;

/** Frontgate's refusal of an ACL it cannot represent (it stores canned ACLs only). */
export function aclNotSupported(what: string): S3Error {
  return new S3Error('NotImplemented', {
    message: `Frontgate supports canned ACLs only (private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control); ${what} is not supported.`,
  });
}

/**
 * The canned ACL the request's grant headers express, or undefined when it sends none. The owner's own
 * grants add nothing (the owner has FULL_CONTROL anyway); grants to other accounts or other permissions than
 * READ/WRITE for AllUsers/AuthenticatedUsers are refused with NotImplemented rather than stored wrongly.
 */
export function cannedAclFromGrantHeaders(
  header: (name: string) => string | undefined,
  headerNames: readonly string[],
): CannedAcl | undefined {
  const present = headerNames.filter((name) => name.startsWith('x-amz-grant-'));
  if (present.length === 0) return undefined;
  if (header('x-amz-acl') !== undefined)
    throw new S3Error('InvalidRequest', {
      message: 'Specifying both Canned ACLs and Header Grants is not allowed',
    });
  const groups = new Set<string>();
  for (const name of present) {
    const permission = GRANT_HEADERS[name];
    if (permission === undefined)
      throw new S3Error('InvalidArgument', {
        message: `Unknown grant header ${name}`,
        extra: { ArgumentName: name, ArgumentValue: header(name) ?? '' },
      });
    for (const entry of (header(name) ?? '').split(',')) {
      const grantee = GRANTEE.exec(entry);
      if (grantee === null)
        throw new S3Error('InvalidArgument', {
          extra: { ArgumentName: name, ArgumentValue: header(name) ?? '' },
        });
      const [, type, value] = grantee as unknown as [string, string, string];
      if (type === 'id' && value === OWNER.ID) continue;
      if (type !== 'uri') throw aclNotSupported('a grant to an account other than the owner');
      if (![ALL_USERS, AUTHENTICATED_USERS].includes(value) || !['READ', 'WRITE'].includes(permission))
        throw aclNotSupported(`granting ${permission} to ${value}`);
      groups.add(`${value === ALL_USERS ? 'all' : 'auth'}:${permission}`);
    }
  }
  const canned = CANNED_BY_GROUP_GRANTS[[...groups].sort().join(',')];
  if (canned === undefined) throw aclNotSupported('this combination of grants');
  return canned;
}
