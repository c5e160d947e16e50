// Parses an untrusted PutBucketCors body into CORS rules, with S3's errors (AWS: "PutBucketCors (Amazon S3 API Reference)").
// fast-xml-parser does the tokenizing; DTDs are refused outright, entities are decoded here (the five XML
// ones and character references only) and nesting is capped, so hostile input fails fast as MalformedXML.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CORS_CONFIGURATION_MAX_BYTES, type CorsRule, canonicalCorsRule } from './cors-rule.ts';
import { type CorsConfigurationError, malformedXml } from './cors-configuration-error.ts';
import { isXmlText, validateCorsRules } from './validate-cors-rules.ts';

// CORSConfiguration > CORSRule > leaf > text: anything deeper is not a CORS document anyway.
const MAX_NESTED_TAGS = 8;

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  removeNSPrefix: true,
  maxNestedTags: MAX_NESTED_TAGS,
} as const;

type XmlNode = Record<string, unknown>;

const ENTITY = /&([^;&]*);/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The rules of a `CORSConfiguration` document (namespace optional), in document order.
 * Throws `CorsConfigurationError` (`MalformedXML` or `InvalidRequest`, S3's wire message) on bad input.
 */
export function parseCorsConfigurationXml(xml: string | Uint8Array): CorsRule[] {
  const text = decodeBody(xml);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformedXml('DTDs and entity declarations are not accepted');
  if (!isXmlText(text)) throw malformedXml('the body holds a character XML cannot carry');
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw malformedXml(`not well-formed: ${verdict.err.msg}`);
  let tree: unknown;
  try {
    tree = new XMLParser(PARSER_OPTIONS).parse(text);
  } catch (error) {
    throw malformedXml(`not well-formed: ${(error as Error).message}`);
  }

  const roots = elementsOf(tree as unknown[], 'the document');
  if (roots.length !== 1) throw malformedXml('the document must have exactly one root element');
  const [rootName, rootChildren] = roots[0];
  if (rootName !== 'CORSConfiguration')
    throw malformedXml(`root element is ${rootName}, not CORSConfiguration`);

  const rules = elementsOf(rootChildren, 'CORSConfiguration').map(([name, children], index) => {
    if (name !== 'CORSRule') throw malformedXml(`unexpected element ${name} in CORSConfiguration`);
    return ruleOf(children, index);
  });
  validateCorsRules(rules);
  return rules;
}

function decodeBody(xml: string | Uint8Array): string {
  if (typeof xml === 'string') {
    if (Buffer.byteLength(xml, 'utf8') > CORS_CONFIGURATION_MAX_BYTES) throw tooLarge();
    return xml.replace(/^\uFEFF/, '');
  }
  if (xml.byteLength > CORS_CONFIGURATION_MAX_BYTES) throw tooLarge();
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(xml);
  } catch {
    throw malformedXml('the body is not UTF-8');
  }
}

function tooLarge(): CorsConfigurationError {
  return malformedXml(`the body is larger than ${CORS_CONFIGURATION_MAX_BYTES} bytes`);
}

/** The element children of a container as [name, children]; text other than whitespace is refused. */
function elementsOf(nodes: readonly unknown[], container: string): [string, unknown[]][] {
  const elements: [string, unknown[]][] = [];
  for (const node of nodes) {
    const [name, value] = Object.entries(node as XmlNode)[0] ?? [];
    if (name === undefined) continue;
    if (name === '#text') {
      if (/^[ \t\r\n]*$/.test(String(value))) continue;
      throw malformedXml(`unexpected text in ${container}`);
    }
    if (name === '#cdata') throw malformedXml(`unexpected text in ${container}`);
    elements.push([name, value as unknown[]]);
  }
  return elements;
}

/** The text of a leaf element: entity-decoded text and CDATA, trimmed (AWS: "PutBucketCors (Amazon S3 API Reference)"; trimming UNCONFIRMED). */
function textOf(children: readonly unknown[], element: string): string {
  let text = '';
  for (const node of children) {
    const [name, value] = Object.entries(node as XmlNode)[0] ?? [];
    if (name === '#text') text += decodeEntities(String(value));
    else if (name === '#cdata') text += ((value as XmlNode[])[0]?.['#text'] as string | undefined) ?? '';
    else if (name !== undefined) throw malformedXml(`unexpected element ${name} inside ${element}`);
  }
  return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function decodeEntities(raw: string): string {
  return raw.replace(ENTITY, (_whole, name: string) => {
    const named = NAMED_ENTITIES[name];
    if (named !== undefined) return named;
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(name)
      ? Number.parseInt(name.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(name)
        ? Number.parseInt(name.slice(1), 10)
        : -1;
    const ch = code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    if (ch === '' || !isXmlText(ch) || (code >= 0xd800 && code <= 0xdfff)) {
      throw malformedXml(`unknown or invalid entity &${name};`);
    }
    return ch;
  });
}

function ruleOf(children: unknown[], index: number): CorsRule {
  const where = `CORSRule ${index + 1}`;
  const rule: CorsRule = { AllowedOrigins: [], AllowedMethods: [], AllowedHeaders: [], ExposeHeaders: [] };
  for (const [name, grandChildren] of elementsOf(children, where)) {
    const value = textOf(grandChildren, name);
    switch (name) {
      case 'ID':
        if (rule.ID !== undefined) throw malformedXml(`${where} has more than one ID`);
        rule.ID = value;
        break;
      case 'AllowedOrigin':
        rule.AllowedOrigins.push(value);
        break;
      case 'AllowedMethod':
        rule.AllowedMethods.push(value);
        break;
      case 'AllowedHeader':
        rule.AllowedHeaders.push(value);
        break;
      case 'ExposeHeader':
        rule.ExposeHeaders.push(value);
        break;
      case 'MaxAgeSeconds':
        if (rule.MaxAgeSeconds !== undefined) throw malformedXml(`${where} has more than one MaxAgeSeconds`);
        // xsd:int lexical form; the range is checked with the rest of the schema.
        if (!/^[+-]?[0-9]{1,12}$/.test(value)) throw malformedXml(`${where} MaxAgeSeconds is not an integer`);
        rule.MaxAgeSeconds = Number.parseInt(value, 10);
        break;
      default:
        throw malformedXml(`unexpected element ${name} in ${where}`);
    }
  }
  return canonicalCorsRule(rule);
}
