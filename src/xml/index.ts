// Public surface of src/xml/: safe parsing of untrusted XML bodies and an escaping writer for responses.

export type { XmlNode } from './parse-xml.ts';
export { childNode, childNodes, parseXml, XmlParseError } from './parse-xml.ts';
export type { XmlChild, XmlElement } from './render-xml.ts';
export { el, escapeXml, renderXmlDocument, S3_XMLNS } from './render-xml.ts';
