import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childNode, childNodes, parseXml, XML_MAX_NESTED_TAGS, XmlParseError } from './parse-xml.ts';
import { el, escapeXml, renderXmlDocument } from './render-xml.ts';

test('escapeXml escapes markup characters and control characters', () => {
  assert.equal(escapeXml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  assert.equal(escapeXml('x\u0001y\rz\n'), 'x&#x1;y&#xD;z&#xA;');
});

test('renderXmlDocument skips absent members and renders empty ones', () => {
  const xml = renderXmlDocument(
    el('R', [el('A', 'k&<'), undefined, false, el('B', ''), el('C', 3)], { xmlns: 'n' }),
  );
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="n"><A>k&amp;&lt;</A><B></B><C>3</C></R>',
  );
});

test('rendered keys with special characters parse back to the same text', () => {
  const key = `we&ird<"key">'\t\r\n  `;
  const doc = parseXml(renderXmlDocument(el('Delete', [el('Object', [el('Key', key)])])));
  assert.equal(childNode(childNode(doc, 'Object')!, 'Key')!.text, key);
});

test('parseXml keeps repeated elements in order and drops namespace prefixes', () => {
  const doc = parseXml('<s:A xmlns:s="x"><s:B>1</s:B><C>2</C><s:B> 3 </s:B></s:A>');
  assert.equal(doc.name, 'A');
  assert.deepEqual(
    childNodes(doc, 'B').map((b) => b.text),
    ['1', ' 3 '],
  );
});

test('parseXml refuses malformed documents, DTDs and oversized bodies', () => {
  assert.throws(() => parseXml('<A><B></A>'), XmlParseError);
  assert.throws(() => parseXml('not xml'), XmlParseError);
  assert.throws(
    () => parseXml('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'),
    (e: XmlParseError) => e.reason === 'doctype',
  );
  assert.throws(
    () => parseXml(`<A>${'x'.repeat(100)}</A>`, { maxBytes: 50 }),
    (e: XmlParseError) => e.reason === 'too-large',
  );
});

test('parseXml refuses nesting over the cap, closed or unclosed, with XmlParseError and no deep recursion', () => {
  for (const depth of [XML_MAX_NESTED_TAGS + 1, 101, 10_000, 300_000]) {
    const closed = `<Delete>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Delete>`;
    const unclosed = `<Delete>${'<a>'.repeat(depth)}`;
    for (const body of [closed, unclosed]) {
      assert.throws(
        () => parseXml(body, { maxBytes: 4 * 1024 * 1024 }),
        (e: unknown) => e instanceof XmlParseError && e.reason === 'malformed',
        `depth ${depth}`,
      );
    }
  }
  const atCap = `${'<a>'.repeat(XML_MAX_NESTED_TAGS)}${'</a>'.repeat(XML_MAX_NESTED_TAGS)}`;
  assert.equal(parseXml(atCap).name, 'a');
});

test('parseXml refuses characters XML 1.0 cannot carry, raw or as character references', () => {
  for (const body of [
    '<Key>a&#x0;b</Key>',
    '<Key>a&#0;b</Key>',
    '<Key>&#x1;</Key>',
    '<Key>&#xD800;</Key>',
    '<Key>&#xFFFE;</Key>',
    '<Key>&#x110000;</Key>',
    '<Key>a\u0000b</Key>',
    '<Key>a\u0008b</Key>',
  ]) {
    assert.throws(
      () => parseXml(body),
      (e: unknown) => e instanceof XmlParseError && e.reason === 'malformed',
      JSON.stringify(body),
    );
  }
  assert.equal(parseXml('<Key>&#x9;&#xA;&#xD;&#x1F600;</Key>').text, '\t\n\r\u{1F600}');
});

test('parseXml refuses bytes that are not UTF-8 instead of reading them as U+FFFD', () => {
  const body = Buffer.concat([
    Buffer.from('<Delete><Object><Key>a'),
    Buffer.from([0xff, 0xc0]),
    Buffer.from('</Key></Object></Delete>'),
  ]);
  assert.throws(
    () => parseXml(body),
    (e: unknown) => e instanceof XmlParseError && e.reason === 'malformed',
  );
  assert.equal(parseXml(Buffer.from('\ufeff<K>\u00e9</K>')).text, '\u00e9');
});
