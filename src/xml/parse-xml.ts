// Safe parsing of untrusted XML request bodies (DeleteObjects, CompleteMultipartUpload, CreateBucket,
// versioning, ACLs): size-limited, no DTDs or custom entities, nesting capped, only characters XML 1.0
// allows, namespace prefixes dropped, element order kept. Every refusal is an XmlParseError.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed element: local name, concatenated direct text, child elements in document order. */
export type XmlNode = {
  readonly name: string;
  readonly text: string;
  readonly children: readonly XmlNode[];
};

export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
  readonly reason: 'malformed' | 'too-large' | 'doctype';
  constructor(reason: 'malformed' | 'too-large' | 'doctype', message: string) {
    super(message);
    this.reason = reason;
  }
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Deepest element nesting accepted. S3 request documents are at most five levels deep
 * (AccessControlPolicy > AccessControlList > Grant > Grantee > ID); the cap also bounds the recursion below.
 */
export const XML_MAX_NESTED_TAGS = 32;

// Characters XML 1.0 cannot carry, not even as character references (XML 1.0 §2.2 "Char").
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

type OrderedEntry = Record<string, unknown>;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass over the five predefined entities and numeric references; the parser's own decoding is off. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      const char = code <= 0x10ffff ? String.fromCodePoint(code) : '';
      // `&#x0;` and friends are not well-formed XML 1.0 (§4.1, "Legal Character"), whatever they would decode to.
      if (char === '' || NON_XML_CHAR.test(char))
        throw new XmlParseError('malformed', `${whole} is not an XML character`);
      return char;
    }
    return NAMED[ref] ?? whole;
  });
}

function toNode(name: string, entries: readonly OrderedEntry[]): XmlNode {
  let text = '';
  const children: XmlNode[] = [];
  for (const entry of entries) {
    for (const [key, value] of Object.entries(entry)) {
      if (key === ':@') continue;
      if (key === '#text') text += decodeEntities(String(value));
      else children.push(toNode(localName(key), value as OrderedEntry[]));
    }
  }
  return { name, text, children };
}

/**
 * Strict UTF-8: a byte sequence that is not UTF-8 is refused rather than read as U+FFFD, which would make a
 * DeleteObjects key name another object.
 */
function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new XmlParseError('malformed', 'the body is not UTF-8');
  }
}

/** Parses a document and returns its root element; throws XmlParseError for anything unsafe or not well-formed. */
export function parseXml(body: Buffer | string, options: { maxBytes?: number } = {}): XmlNode {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size > maxBytes) throw new XmlParseError('too-large', `XML body exceeds ${maxBytes} bytes`);
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  // Entity expansion (billion laughs, external entities) is refused outright: S3 documents never need a DTD.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlParseError('doctype', 'DTDs are not accepted');
  if (NON_XML_CHAR.test(text))
    throw new XmlParseError('malformed', 'the body holds a character XML cannot carry');
  if (XMLValidator.validate(text) !== true) throw new XmlParseError('malformed', 'XML is not well-formed');
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: XML_MAX_NESTED_TAGS,
  });
  let entries: OrderedEntry[];
  try {
    entries = parser.parse(text) as OrderedEntry[];
  } catch (error) {
    // The parser's own refusals (nesting over the cap among them) are plain Errors: one family for callers.
    throw new XmlParseError('malformed', `XML is not acceptable: ${(error as Error).message}`);
  }
  const roots = entries.flatMap((entry) =>
    Object.entries(entry)
      .filter(([key]) => key !== '#text' && key !== ':@' && !key.startsWith('?'))
      .map(([key, value]) => toNode(localName(key), value as OrderedEntry[])),
  );
  if (roots.length !== 1) throw new XmlParseError('malformed', 'expected exactly one root element');
  return roots[0];
}

/** The first child called `name`, if any. */
export function childNode(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every child called `name`, in document order. */
export function childNodes(node: XmlNode, name: string): readonly XmlNode[] {
  return node.children.filter((c) => c.name === name);
}
