// Parses CORS rules given as JSON: the S3 console's array form or the `{"CORSRules": [...]}` form that
// `aws s3api put-bucket-cors` takes and `get-bucket-cors` prints; same validation and errors as the XML body
// (AWS: "PutBucketCors (Amazon S3 API Reference)").

import { type CorsRule, canonicalCorsRule } from './cors-rule.ts';
import { malformedXml } from './cors-configuration-error.ts';
import { validateCorsRules } from './validate-cors-rules.ts';

const RULE_KEYS: readonly string[] = [
  'ID',
  'AllowedOrigins',
  'AllowedMethods',
  'AllowedHeaders',
  'ExposeHeaders',
  'MaxAgeSeconds',
];

/**
 * The rules of a parsed JSON value: `[rule, …]` or `{ "CORSRules": [rule, …] }`.
 * Throws `CorsConfigurationError` with the code and message S3 gives the equivalent XML.
 */
export function parseCorsConfigurationJson(value: unknown): CorsRule[] {
  let list: unknown = value;
  if (isPlainObject(value)) {
    const extra = Object.keys(value).filter((key) => key !== 'CORSRules');
    if (extra.length > 0) throw malformedXml(`unexpected member ${extra[0]} beside CORSRules`);
    list = value.CORSRules;
  }
  if (!Array.isArray(list)) throw malformedXml('expected an array of CORS rules or {"CORSRules": [...]}');
  const rules = list.map(ruleOf);
  validateCorsRules(rules);
  return rules;
}

function ruleOf(raw: unknown, index: number): CorsRule {
  const where = `CORSRules[${index}]`;
  if (!isPlainObject(raw)) throw malformedXml(`${where} is not an object`);
  for (const key of Object.keys(raw)) {
    if (!RULE_KEYS.includes(key)) throw malformedXml(`${where} has unknown member ${key}`);
  }
  const rule: CorsRule = {
    AllowedOrigins: stringsOf(raw.AllowedOrigins, `${where}.AllowedOrigins`),
    AllowedMethods: stringsOf(raw.AllowedMethods, `${where}.AllowedMethods`),
    AllowedHeaders: stringsOf(raw.AllowedHeaders, `${where}.AllowedHeaders`),
    ExposeHeaders: stringsOf(raw.ExposeHeaders, `${where}.ExposeHeaders`),
  };
  if (raw.ID !== undefined) {
    if (typeof raw.ID !== 'string') throw malformedXml(`${where}.ID is not a string`);
    rule.ID = raw.ID;
  }
  if (raw.MaxAgeSeconds !== undefined) {
    if (typeof raw.MaxAgeSeconds !== 'number') throw malformedXml(`${where}.MaxAgeSeconds is not a number`);
    rule.MaxAgeSeconds = raw.MaxAgeSeconds;
  }
  return canonicalCorsRule(rule);
}

/** A list member: absent means empty (not set); anything but an array of strings is a schema error. */
function stringsOf(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw malformedXml(`${where} is not an array of strings`);
  }
  return [...value];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
