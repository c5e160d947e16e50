import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CorsConfigurationError, MALFORMED_XML_MESSAGE } from './cors-configuration-error.ts';
import { parseCorsConfigurationXml } from './parse-cors-configuration-xml.ts';
import { renderCorsConfigurationXml } from './render-cors-configuration.ts';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const doc = (rules: string, ns = true) =>
  `<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration${ns ? ` xmlns="${NS}"` : ''}>${rules}</CORSConfiguration>`;
const MINIMAL = '<AllowedOrigin>https://a.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod>';

function assertRejected(xml: string | Uint8Array, code: 'MalformedXML' | 'InvalidRequest', message: string) {
  assert.throws(
    () => parseCorsConfigurationXml(xml),
    (error: unknown) => {
      assert.ok(
        error instanceof CorsConfigurationError,
        `expected CorsConfigurationError, got ${String(error)}`,
      );
      assert.equal(error.code, code);
      assert.equal(error.message, message);
      assert.equal(error.status, 400);
      return true;
    },
  );
}

describe('parseCorsConfigurationXml accepts S3 documents', () => {
  test('reads the spec example with namespace, keeping document and list order', () => {
    const rules = parseCorsConfigurationXml(
      doc(`
  <CORSRule>
    <ID>player</ID>
    <AllowedOrigin>https://local.junlog.dev:3000</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
  </CORSRule>`),
    );
    assert.deepEqual(rules, [
      {
        ID: 'player',
        AllowedOrigins: ['https://local.junlog.dev:3000'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedHeaders: ['*'],
        ExposeHeaders: [],
        MaxAgeSeconds: 3000,
      },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: [], ExposeHeaders: [] },
    ]);
  });

  test('accepts the document without a namespace and without an XML declaration', () => {
    const rules = parseCorsConfigurationXml(
      `<CORSConfiguration><CORSRule>${MINIMAL}</CORSRule></CORSConfiguration>`,
    );
    assert.deepEqual(rules[0].AllowedOrigins, ['https://a.example']);
  });

  test('accepts a namespace prefix, comments, CDATA and the five XML entities plus character references', () => {
    const rules = parseCorsConfigurationXml(
      `<s3:CORSConfiguration xmlns:s3="${NS}"><!-- c --><s3:CORSRule><s3:ID>a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;</s3:ID>` +
        '<s3:AllowedOrigin><![CDATA[https://x.example/&amp;]]></s3:AllowedOrigin><s3:AllowedMethod>PUT</s3:AllowedMethod>' +
        '</s3:CORSRule></s3:CORSConfiguration>',
    );
    assert.equal(rules[0].ID, `a&b<>"'AB`);
    assert.deepEqual(rules[0].AllowedOrigins, ['https://x.example/&amp;']);
  });

  test('keeps origins, header case and values verbatim (no normalisation)', () => {
    const rules = parseCorsConfigurationXml(
      doc(
        '<CORSRule><AllowedOrigin>http://test.com:80</AllowedOrigin><AllowedOrigin>foo.suffix</AllowedOrigin>' +
          '<AllowedOrigin>*.put</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>X-Amz-Meta-Foo</AllowedHeader>' +
          '<ExposeHeader>GET</ExposeHeader></CORSRule>',
      ),
    );
    assert.deepEqual(rules[0].AllowedOrigins, ['http://test.com:80', 'foo.suffix', '*.put']);
    assert.deepEqual(rules[0].AllowedHeaders, ['X-Amz-Meta-Foo']);
    assert.deepEqual(rules[0].ExposeHeaders, ['GET']);
  });

  test('accepts an empty-string AllowedOrigin and returns it', () => {
    const rules = parseCorsConfigurationXml(
      doc(
        '<CORSRule><AllowedOrigin></AllowedOrigin><AllowedOrigin/><AllowedMethod>GET</AllowedMethod></CORSRule>',
      ),
    );
    assert.deepEqual(rules[0].AllowedOrigins, ['', '']);
  });

  test('tracks an empty ID as set, and MaxAgeSeconds 0 as set', () => {
    const rules = parseCorsConfigurationXml(
      doc(`<CORSRule><ID></ID>${MINIMAL}<MaxAgeSeconds>0</MaxAgeSeconds></CORSRule>`),
    );
    assert.equal(rules[0].ID, '');
    assert.equal(rules[0].MaxAgeSeconds, 0);
  });

  test('trims whitespace around values of a pretty-printed document', () => {
    const rules = parseCorsConfigurationXml(
      doc(
        '<CORSRule>\n <AllowedOrigin>\n   https://a.example\n </AllowedOrigin>\n <AllowedMethod> GET </AllowedMethod>\n</CORSRule>',
      ),
    );
    assert.deepEqual(rules[0].AllowedOrigins, ['https://a.example']);
    assert.deepEqual(rules[0].AllowedMethods, ['GET']);
  });

  test('accepts exactly 100 rules and a UTF-8 byte body with a BOM', () => {
    const hundred = `<CORSRule>${MINIMAL}</CORSRule>`.repeat(100);
    assert.equal(parseCorsConfigurationXml(doc(hundred)).length, 100);
    const bytes = new TextEncoder().encode(`\uFEFF${doc(`<CORSRule>${MINIMAL}</CORSRule>`)}`);
    assert.equal(parseCorsConfigurationXml(bytes).length, 1);
  });
});

describe('parseCorsConfigurationXml refuses what S3 refuses (spec s3.md A.2)', () => {
  const malformed: [string, string][] = [
    ['a body that is not XML', 'this is not xml'],
    ['an empty body', ''],
    ['unclosed elements', doc(`<CORSRule>${MINIMAL}`)],
    ['a wrong root element', `<CORSConfig><CORSRule>${MINIMAL}</CORSRule></CORSConfig>`],
    ['two root elements', `${doc(`<CORSRule>${MINIMAL}</CORSRule>`)}<CORSConfiguration/>`],
    ['zero rules (<CORSConfiguration/>)', '<CORSConfiguration/>'],
    ['zero rules with a namespace', doc('')],
    ['an empty <CORSRule/>', doc('<CORSRule/>')],
    ['a rule without AllowedOrigin', doc('<CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule>')],
    ['a rule without AllowedMethod', doc('<CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>')],
    ['101 rules', doc(`<CORSRule>${MINIMAL}</CORSRule>`.repeat(101))],
    [
      'an unknown element in a rule',
      doc(`<CORSRule>${MINIMAL}<AllowedOrigins>x</AllowedOrigins></CORSRule>`),
    ],
    ['an unknown element in the root', doc(`<CORSRule>${MINIMAL}</CORSRule><Extra/>`)],
    ['text in the root', doc(`<CORSRule>${MINIMAL}</CORSRule>stray`)],
    [
      'an element inside a value',
      doc(`<CORSRule>${MINIMAL}<AllowedHeader><b>x</b></AllowedHeader></CORSRule>`),
    ],
    ['two IDs', doc(`<CORSRule><ID>a</ID><ID>b</ID>${MINIMAL}</CORSRule>`)],
    ['an ID over 255 characters', doc(`<CORSRule><ID>${'i'.repeat(256)}</ID>${MINIMAL}</CORSRule>`)],
    ['a non-integer MaxAgeSeconds', doc(`<CORSRule>${MINIMAL}<MaxAgeSeconds>1.5</MaxAgeSeconds></CORSRule>`)],
    ['an empty MaxAgeSeconds', doc(`<CORSRule>${MINIMAL}<MaxAgeSeconds/></CORSRule>`)],
    ['a negative MaxAgeSeconds', doc(`<CORSRule>${MINIMAL}<MaxAgeSeconds>-5</MaxAgeSeconds></CORSRule>`)],
    [
      'a MaxAgeSeconds beyond 32 bits',
      doc(`<CORSRule>${MINIMAL}<MaxAgeSeconds>2147483648</MaxAgeSeconds></CORSRule>`),
    ],
    [
      'two MaxAgeSeconds',
      doc(`<CORSRule>${MINIMAL}<MaxAgeSeconds>1</MaxAgeSeconds><MaxAgeSeconds>2</MaxAgeSeconds></CORSRule>`),
    ],
    ['an undeclared entity', doc(`<CORSRule>${MINIMAL}<ID>&nbsp;</ID></CORSRule>`)],
    ['a bare ampersand', doc(`<CORSRule>${MINIMAL}<ID>a & b</ID></CORSRule>`)],
    ['a reference to a character XML forbids', doc(`<CORSRule>${MINIMAL}<ID>&#1;</ID></CORSRule>`)],
    ['a raw control character', doc(`<CORSRule>${MINIMAL}<ID>\u0001</ID></CORSRule>`)],
  ];
  for (const [name, xml] of malformed) {
    test(`MalformedXML for ${name}`, () => assertRejected(xml, 'MalformedXML', MALFORMED_XML_MESSAGE));
  }

  test('MalformedXML for bytes that are not UTF-8', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode(doc(`<CORSRule>${MINIMAL}<ID>`)), 0xff, 0xfe]);
    assertRejected(bytes, 'MalformedXML', MALFORMED_XML_MESSAGE);
  });

  const invalid: [string, string, string][] = [
    [
      'an unsupported method',
      '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>MYMETHOD</AllowedMethod>',
      'Found unsupported HTTP method in CORS config. Unsupported method is MYMETHOD',
    ],
    [
      'PATCH',
      '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PATCH</AllowedMethod>',
      'Found unsupported HTTP method in CORS config. Unsupported method is PATCH',
    ],
    [
      'OPTIONS',
      '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>OPTIONS</AllowedMethod>',
      'Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS',
    ],
    [
      'a lower-case method',
      '<AllowedOrigin>*</AllowedOrigin><AllowedMethod>get</AllowedMethod>',
      'Found unsupported HTTP method in CORS config. Unsupported method is get',
    ],
    [
      'an empty method (trailing space kept)',
      '<AllowedOrigin>*</AllowedOrigin><AllowedMethod/>',
      'Found unsupported HTTP method in CORS config. Unsupported method is ',
    ],
    [
      'an origin with two wildcards',
      '<AllowedOrigin>*example*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod>',
      'AllowedOrigin "*example*.com" can not have more than one wildcard.',
    ],
    [
      'an allowed header with two wildcards',
      `${MINIMAL}<AllowedHeader>x-*-*</AllowedHeader>`,
      'AllowedHeader "x-*-*" can not have more than one wildcard.',
    ],
    [
      'a wildcard expose header',
      `${MINIMAL}<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-meta-*</ExposeHeader>`,
      'ExposeHeader "x-amz-meta-*" contains wildcard. We currently do not support wildcard for ExposeHeader.',
    ],
    [
      'an expose header holding CR/LF (S3 names AllowedHeader in this message)',
      `${MINIMAL}<ExposeHeader>ETag&#13;&#10;Set-Cookie: a=b</ExposeHeader>`,
      'AllowedHeader "ETag\r\nSet-Cookie: a=b" contains invalid character.',
    ],
    [
      'an expose header that is not a header name',
      `${MINIMAL}<ExposeHeader>x-a b</ExposeHeader>`,
      'AllowedHeader "x-a b" contains invalid character.',
    ],
    [
      'an expose header outside latin1',
      `${MINIMAL}<ExposeHeader>x-\u20ac</ExposeHeader>`,
      'AllowedHeader "x-\u20ac" contains invalid character.',
    ],
    [
      'an allowed header holding a line feed',
      `${MINIMAL}<AllowedHeader>x-a&#10;b</AllowedHeader>`,
      'AllowedHeader "x-a\nb" contains invalid character.',
    ],
    [
      'an allowed origin holding a carriage return',
      '<AllowedOrigin>https://a.example&#13;x</AllowedOrigin><AllowedMethod>GET</AllowedMethod>',
      'AllowedOrigin "https://a.example\rx" contains invalid character.',
    ],
    [
      'an ID holding a line feed or DEL',
      `${MINIMAL}<ID>a&#10;b\u007f</ID>`,
      'ID "a\nb\u007f" contains invalid character.',
    ],
  ];
  for (const [name, rule, message] of invalid) {
    test(`InvalidRequest for ${name}`, () =>
      assertRejected(doc(`<CORSRule>${rule}</CORSRule>`), 'InvalidRequest', message));
  }

  test('the first bad rule wins', () => {
    assertRejected(
      doc(
        `<CORSRule>${MINIMAL}</CORSRule>` +
          '<CORSRule><AllowedOrigin>*a*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>' +
          '<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>FOO</AllowedMethod></CORSRule>',
      ),
      'InvalidRequest',
      'AllowedOrigin "*a*" can not have more than one wildcard.',
    );
    assertRejected(
      doc(
        '<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>FOO</AllowedMethod></CORSRule>' +
          '<CORSRule><AllowedOrigin>*a*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>',
      ),
      'InvalidRequest',
      'Found unsupported HTTP method in CORS config. Unsupported method is FOO',
    );
  });

  test('inside one rule, origins are checked before methods, expose headers before allowed headers', () => {
    assertRejected(
      doc('<CORSRule><AllowedMethod>FOO</AllowedMethod><AllowedOrigin>**</AllowedOrigin></CORSRule>'),
      'InvalidRequest',
      'AllowedOrigin "**" can not have more than one wildcard.',
    );
    assertRejected(
      doc(`<CORSRule>${MINIMAL}<AllowedHeader>**</AllowedHeader><ExposeHeader>*</ExposeHeader></CORSRule>`),
      'InvalidRequest',
      'ExposeHeader "*" contains wildcard. We currently do not support wildcard for ExposeHeader.',
    );
  });

  test('schema errors anywhere beat value errors in earlier rules', () => {
    assertRejected(
      doc(
        '<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>FOO</AllowedMethod></CORSRule><CORSRule/>',
      ),
      'MalformedXML',
      MALFORMED_XML_MESSAGE,
    );
  });
});

describe('parseCorsConfigurationXml survives hostile XML', () => {
  test('a DOCTYPE with internal entities (billion laughs) is MalformedXML, not expanded', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE CORSConfiguration [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      `<CORSConfiguration><CORSRule><ID>&lol3;</ID>${MINIMAL}</CORSRule></CORSConfiguration>`;
    assertRejected(laughs, 'MalformedXML', MALFORMED_XML_MESSAGE);
  });

  test('an external entity (XXE) is MalformedXML', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      `<CORSConfiguration><CORSRule><ID>&x;</ID>${MINIMAL}</CORSRule></CORSConfiguration>`;
    assertRejected(xxe, 'MalformedXML', MALFORMED_XML_MESSAGE);
  });

  test('a body over 64 KB is MalformedXML, as a string and as bytes', () => {
    const padding = `<CORSRule>${MINIMAL}<ID>${'x'.repeat(200)}</ID></CORSRule>`;
    const huge = doc(padding.repeat(Math.ceil(65537 / padding.length)));
    assert.ok(Buffer.byteLength(huge) > 65536);
    assertRejected(huge, 'MalformedXML', MALFORMED_XML_MESSAGE);
    assertRejected(new TextEncoder().encode(huge), 'MalformedXML', MALFORMED_XML_MESSAGE);
    // The limit counts bytes, not characters.
    const multibyte = doc(`<CORSRule>${MINIMAL}<ID>${'é'.repeat(33000)}</ID></CORSRule>`);
    assert.ok(multibyte.length < 65536);
    assertRejected(multibyte, 'MalformedXML', MALFORMED_XML_MESSAGE);
  });

  test('deep nesting within the size limit is MalformedXML without a crash', () => {
    const depth = 9000;
    const deep = doc(`<CORSRule>${MINIMAL}<ID>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</ID></CORSRule>`);
    assert.ok(Buffer.byteLength(deep) <= 65536);
    assertRejected(deep, 'MalformedXML', MALFORMED_XML_MESSAGE);
  });

  test('prototype-polluting element names are refused and pollute nothing', () => {
    assertRejected(
      doc(`<CORSRule>${MINIMAL}<__proto__><polluted>1</polluted></__proto__></CORSRule>`),
      'MalformedXML',
      MALFORMED_XML_MESSAGE,
    );
    assertRejected(
      `<__proto__><CORSRule>${MINIMAL}</CORSRule></__proto__>`,
      'MalformedXML',
      MALFORMED_XML_MESSAGE,
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('XML round trip', () => {
  test('parse → render → parse gives the same rules, and render is stable', () => {
    const original = doc(
      '<CORSRule><ID>r&amp;1</ID><AllowedOrigin>https://a.example</AllowedOrigin><AllowedOrigin>http://*.b.example</AllowedOrigin>' +
        '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>X-Amz-*</AllowedHeader>' +
        '<AllowedHeader>content-type</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-version-id</ExposeHeader>' +
        '<MaxAgeSeconds>5</MaxAgeSeconds></CORSRule>' +
        '<CORSRule><AllowedOrigin>&lt;odd&gt; "quoted" \'single\'</AllowedOrigin><AllowedMethod>DELETE</AllowedMethod></CORSRule>',
    );
    const rules = parseCorsConfigurationXml(original);
    const rendered = renderCorsConfigurationXml(rules);
    assert.deepEqual(parseCorsConfigurationXml(rendered), rules);
    assert.equal(renderCorsConfigurationXml(parseCorsConfigurationXml(rendered)), rendered);
    assert.equal(rules[0].MaxAgeSeconds, 5);
    assert.deepEqual(rules[1].AllowedOrigins, [`<odd> "quoted" 'single'`]);
  });
});

test('the detail of a MalformedXML error stays short even when the parser quotes the input', () => {
  assert.throws(
    () => parseCorsConfigurationXml('<'.repeat(60000)),
    (error: unknown) => error instanceof CorsConfigurationError && error.detail.length <= 201,
  );
});
