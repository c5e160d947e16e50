import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMetadataValue, renderMetadataValue } from './object-headers.ts';

test('RFC 2047 encoded metadata values are decoded before storing', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['=?UTF-8?B?w6k=?=', 'é'],
    ['=?utf-8?q?caf=C3=A9_au_lait?=', 'café au lait'],
    ['=?ISO-8859-1?Q?caf=E9?=', 'café'],
    ['=?UTF-8?B?5Lit?= =?UTF-8?B?5paH?=', '中文'],
    ['=?KOI8-R?B?zsXU?=', '=?KOI8-R?B?zsXU?='],
    ['=?UTF-8?B?w6k=?= trailing', '=?UTF-8?B?w6k=?= trailing'],
  ];
  for (const [input, stored] of cases) assert.equal(parseMetadataValue(input), stored, input);
});

test('stored metadata goes out as is when printable ASCII, RFC 2047 B-encoded otherwise', () => {
  assert.equal(renderMetadataValue('Hello World'), 'Hello World');
  assert.equal(renderMetadataValue('a\tb'), 'a\tb');
  assert.equal(renderMetadataValue('é'), '=?UTF-8?B?w6k=?=');
  assert.equal(renderMetadataValue('中文'), `=?UTF-8?B?${Buffer.from('中文').toString('base64')}?=`);
  assert.equal(renderMetadataValue(parseMetadataValue('=?UTF-8?B?5Lit5paH?=')), '=?UTF-8?B?5Lit5paH?=');
});
