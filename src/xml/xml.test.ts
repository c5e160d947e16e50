import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childNode, childNodes, parseXml, XmlParseError } from './parse-xml.ts';
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
  const key = `we&ird<"key">'\u0001\r\n  `;
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
