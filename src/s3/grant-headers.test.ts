import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cannedAclFromGrantHeaders } from './grant-headers.ts';
import { S3Error } from './s3-error.ts';
import { OWNER } from './s3-types.ts';

const ALL_USERS = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"';
const AUTHENTICATED = 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"';

function aclOf(headers: Record<string, string>) {
  return cannedAclFromGrantHeaders((name) => headers[name], Object.keys(headers));
}

function codeOf(headers: Record<string, string>): string {
  try {
    aclOf(headers);
  } catch (error) {
    assert.ok(error instanceof S3Error);
    return error.code;
  }
  return 'accepted';
}

test('grant headers map to the canned ACL that grants the same groups', () => {
  assert.equal(aclOf({}), undefined);
  assert.equal(aclOf({ 'x-amz-grant-read': ALL_USERS }), 'public-read');
  assert.equal(aclOf({ 'x-amz-grant-read': ALL_USERS, 'x-amz-grant-write': ALL_USERS }), 'public-read-write');
  assert.equal(aclOf({ 'x-amz-grant-read': ` ${AUTHENTICATED} ` }), 'authenticated-read');
  assert.equal(aclOf({ 'x-amz-grant-full-control': `id="${OWNER.ID}"` }), 'private');
  assert.equal(aclOf({ 'x-amz-grant-read': `${ALL_USERS}, id="${OWNER.ID}"` }), 'public-read');
});

test('grants the canned ACLs cannot express are refused, never stored as something else', () => {
  assert.equal(codeOf({ 'x-amz-grant-read': 'id="another-account"' }), 'NotImplemented');
  assert.equal(codeOf({ 'x-amz-grant-read': 'emailAddress="a@example.com"' }), 'NotImplemented');
  assert.equal(codeOf({ 'x-amz-grant-read-acp': ALL_USERS }), 'NotImplemented');
  assert.equal(codeOf({ 'x-amz-grant-write': ALL_USERS }), 'NotImplemented');
});

test('a canned ACL together with grant headers, or an unreadable grantee, is a client error', () => {
  assert.equal(codeOf({ 'x-amz-acl': 'private', 'x-amz-grant-read': ALL_USERS }), 'InvalidRequest');
  assert.equal(codeOf({ 'x-amz-grant-read': 'AllUsers' }), 'InvalidArgument');
  assert.equal(codeOf({ 'x-amz-grant-bogus': ALL_USERS }), 'InvalidArgument');
});
