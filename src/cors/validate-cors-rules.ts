// Shared PutBucketCors validation for the XML and JSON parsers: S3's schema checks over the whole document
// first (MalformedXML), then the per-rule value checks (InvalidRequest), the first bad rule winning
// (spec s3.md A.2; order recorded in docs/decisions/cors-s3-configuration.md).

import { CORS_ALLOWED_METHODS, CORS_RULE_ID_MAX_LENGTH, CORS_RULES_MAX, type CorsRule } from './cors-rule.ts';
import { invalidRequest, malformedXml } from './cors-configuration-error.ts';

const INT32_MAX = 2147483647;

// RFC 9110 §5.6.2 token: what a header name (and so an `Access-Control-Expose-Headers` item) is made of.
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]*$/;

// C0 controls other than HTAB, and DEL: characters no header field value can carry (RFC 9110 §5.5).
const CONTROL_CHAR = /[\u0000-\u0008\u000a-\u001f\u007f]/;

// Characters XML 1.0 cannot carry (not even as references); a value holding one could never be rendered back
// by GetBucketCors, so it is refused like any other document S3's parser would reject.
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** True when `value` holds only characters allowed in an XML 1.0 document. */
export function isXmlText(value: string): boolean {
  return !NON_XML_CHAR.test(value);
}

/** Throws the `CorsConfigurationError` S3 would answer for these rules; returns when they are acceptable. */
export function validateCorsRules(rules: readonly CorsRule[]): void {
  // Schema level: S3 validates the document against its schema before looking at any value.
  if (rules.length === 0) throw malformedXml('CORSConfiguration needs at least one CORSRule');
  if (rules.length > CORS_RULES_MAX) {
    throw malformedXml(`CORSConfiguration has ${rules.length} CORSRule elements; at most ${CORS_RULES_MAX}`);
  }
  rules.forEach((rule, index) => {
    const where = `CORSRule ${index + 1}`;
    if (rule.AllowedOrigins.length === 0) throw malformedXml(`${where} has no AllowedOrigin`);
    if (rule.AllowedMethods.length === 0) throw malformedXml(`${where} has no AllowedMethod`);
    if (rule.ID !== undefined && [...rule.ID].length > CORS_RULE_ID_MAX_LENGTH) {
      throw malformedXml(`${where} ID is longer than ${CORS_RULE_ID_MAX_LENGTH} characters`);
    }
    if (
      rule.MaxAgeSeconds !== undefined &&
      !(Number.isInteger(rule.MaxAgeSeconds) && rule.MaxAgeSeconds >= 0 && rule.MaxAgeSeconds <= INT32_MAX)
    ) {
      // A negative age is refused like a non-integer one (docs/decisions/cors-s3-configuration.md).
      throw malformedXml(`${where} MaxAgeSeconds is not an integer from 0 to ${INT32_MAX}`);
    }
    const texts = [
      rule.ID ?? '',
      ...rule.AllowedOrigins,
      ...rule.AllowedMethods,
      ...rule.AllowedHeaders,
      ...rule.ExposeHeaders,
    ];
    if (!texts.every(isXmlText)) throw malformedXml(`${where} holds a character XML cannot carry`);
  });

  // Value level, rule by rule; inside a rule: origins, methods, expose headers, allowed headers, ID
  // (the order peers that copy S3's messages use; S3's own order is UNCONFIRMED).
  for (const rule of rules) {
    for (const origin of rule.AllowedOrigins) {
      if (CONTROL_CHAR.test(origin)) throw invalidCharacter('AllowedOrigin', origin);
      if (countStars(origin) > 1) {
        // spec s3.md A.2: [AWS-wire] versitygw#1870
        throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
      }
    }
    for (const method of rule.AllowedMethods) {
      if (!CORS_ALLOWED_METHODS.includes(method)) {
        // spec s3.md A.2: case-sensitive, so `get` is refused too; an empty name leaves the trailing space.
        throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
      }
    }
    for (const header of rule.ExposeHeaders) {
      if (header.includes('*')) {
        throw invalidRequest(
          `ExposeHeader "${header}" contains wildcard. We currently do not support wildcard for ExposeHeader.`,
        );
      }
      // Sent back verbatim in Access-Control-Expose-Headers, so only a header name will do. S3 refuses other
      // characters here with a message that names AllowedHeader (docs/decisions/cors-s3-configuration.md).
      if (!HEADER_TOKEN.test(header)) throw invalidCharacter('AllowedHeader', header);
    }
    for (const header of rule.AllowedHeaders) {
      if (CONTROL_CHAR.test(header)) throw invalidCharacter('AllowedHeader', header);
      if (countStars(header) > 1) {
        throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
      }
    }
    if (rule.ID !== undefined && CONTROL_CHAR.test(rule.ID)) throw invalidCharacter('ID', rule.ID);
  }
}

function invalidCharacter(element: string, value: string) {
  return invalidRequest(`${element} "${value}" contains invalid character.`);
}

function countStars(value: string): number {
  let count = 0;
  for (const ch of value) if (ch === '*') count++;
  return count;
}
