import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesArn, matchesWildcard } from './policy-wildcard.ts';

test('* matches any run of characters, slashes included, and ? exactly one', () => {
  const table: [string, string, boolean][] = [
    ['arn:aws:s3:::media/*', 'arn:aws:s3:::media/videos/a.ts', true],
    ['arn:aws:s3:::media/*', 'arn:aws:s3:::media', false],
    ['arn:aws:s3:::media*', 'arn:aws:s3:::media/x', true],
    ['arn:aws:s3:::media/v?deos/*', 'arn:aws:s3:::media/videos/1', true],
    ['arn:aws:s3:::media/v?deos/*', 'arn:aws:s3:::media/vdeos/1', false],
    ['*', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['s3:Get*', 's3:GetObject', true],
  ];
  for (const [pattern, value, expected] of table)
    assert.equal(matchesWildcard(pattern, value), expected, `${pattern} ~ ${value}`);
});

test('case matters unless asked to ignore it', () => {
  assert.equal(matchesWildcard('s3:getobject', 's3:GetObject'), false);
  assert.equal(matchesWildcard('s3:getobject', 's3:GetObject', true), true);
});

test('ArnLike compares the six ARN parts separately, so a * does not cross a colon', () => {
  const arn = 'arn:aws:cloudfront::123456789012:distribution/E1ABC';
  assert.equal(matchesArn('arn:aws:cloudfront::123456789012:distribution/*', arn), true);
  assert.equal(matchesArn('arn:aws:cloudfront::*:distribution/E1ABC', arn), true);
  assert.equal(matchesArn('arn:aws:cloudfront::*', arn), false);
  assert.equal(matchesArn('arn:aws:cloudfront::123456789012:distribution/E2*', arn), false);
  assert.equal(matchesArn(arn, arn), true);
});
