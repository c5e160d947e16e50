import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CorsRule } from './cors-rule.ts';
import { renderCorsConfigurationJson, renderCorsConfigurationXml } from './render-cors-configuration.ts';

const FULL: CorsRule = {
  ID: 'r<1>',
  AllowedOrigins: ['https://b.example', 'https://a.example'],
  AllowedMethods: ['PUT', 'GET'],
  AllowedHeaders: ['X-Amz-*', 'Content-Type'],
  ExposeHeaders: ['ETag'],
  MaxAgeSeconds: 3000,
};
const BARE: CorsRule = {
  AllowedOrigins: ['*'],
  AllowedMethods: ['GET'],
  AllowedHeaders: [],
  ExposeHeaders: [],
};

describe('renderCorsConfigurationXml', () => {
  test('emits the namespace and the API reference element order, lists in stored order', () => {
    assert.equal(
      renderCorsConfigurationXml([FULL]),
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>' +
        '<ID>r&lt;1&gt;</ID><AllowedHeader>X-Amz-*</AllowedHeader><AllowedHeader>Content-Type</AllowedHeader>' +
        '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>' +
        '<AllowedOrigin>https://b.example</AllowedOrigin><AllowedOrigin>https://a.example</AllowedOrigin>' +
        '<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>',
    );
  });

  test('omits members that were not set, keeps an empty ID and empty origins that were', () => {
    const xml = renderCorsConfigurationXml([BARE, { ...BARE, ID: '', AllowedOrigins: [''] }]);
    assert.ok(
      xml.includes('<CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule>'),
    );
    assert.ok(
      xml.includes(
        '<CORSRule><ID></ID><AllowedMethod>GET</AllowedMethod><AllowedOrigin></AllowedOrigin></CORSRule>',
      ),
    );
    assert.ok(
      !xml.includes('AllowedHeader') && !xml.includes('MaxAgeSeconds') && !xml.includes('ExposeHeader'),
    );
  });

  test('escapes markup characters and carriage returns', () => {
    const xml = renderCorsConfigurationXml([{ ...BARE, AllowedOrigins: [`a&b<c>"d'\re`] }]);
    assert.ok(xml.includes('<AllowedOrigin>a&amp;b&lt;c&gt;&quot;d&apos;&#xD;e</AllowedOrigin>'));
  });
});

describe('renderCorsConfigurationJson', () => {
  test('prints what get-bucket-cors prints: only members that were set', () => {
    assert.deepEqual(renderCorsConfigurationJson([FULL, BARE]), {
      CORSRules: [
        {
          ID: 'r<1>',
          AllowedHeaders: ['X-Amz-*', 'Content-Type'],
          AllowedMethods: ['PUT', 'GET'],
          AllowedOrigins: ['https://b.example', 'https://a.example'],
          ExposeHeaders: ['ETag'],
          MaxAgeSeconds: 3000,
        },
        { AllowedMethods: ['GET'], AllowedOrigins: ['*'] },
      ],
    });
  });
});
