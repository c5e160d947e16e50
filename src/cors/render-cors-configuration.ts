// Renders stored CORS rules for GetBucketCors: the XML document S3 sends, and the JSON shape
// `aws s3api get-bucket-cors` prints. Only members that were set come back (AWS: "PutBucketCors (Amazon S3 API Reference)").

import { escapeXml } from '../xml/index.ts';
import { type CorsRule, S3_XML_NAMESPACE } from './cors-rule.ts';

/**
 * The GetBucketCors body: namespace on the root, children in the order ID, AllowedHeader*, AllowedMethod*,
 * AllowedOrigin*, ExposeHeader*, MaxAgeSeconds (API reference order; AWS byte order UNCONFIRMED), lists in
 * stored order, text escaped.
 */
export function renderCorsConfigurationXml(rules: readonly CorsRule[]): string {
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<CORSConfiguration xmlns="${S3_XML_NAMESPACE}">`;
  for (const rule of rules) {
    xml += '<CORSRule>';
    if (rule.ID !== undefined) xml += element('ID', rule.ID);
    for (const header of rule.AllowedHeaders) xml += element('AllowedHeader', header);
    for (const method of rule.AllowedMethods) xml += element('AllowedMethod', method);
    for (const origin of rule.AllowedOrigins) xml += element('AllowedOrigin', origin);
    for (const header of rule.ExposeHeaders) xml += element('ExposeHeader', header);
    if (rule.MaxAgeSeconds !== undefined) xml += element('MaxAgeSeconds', String(rule.MaxAgeSeconds));
    xml += '</CORSRule>';
  }
  return `${xml}</CORSConfiguration>`;
}

/** The rules as `aws s3api get-bucket-cors` prints them: `{"CORSRules": [...]}` without unset members. */
export function renderCorsConfigurationJson(rules: readonly CorsRule[]): { CORSRules: Partial<CorsRule>[] } {
  return {
    CORSRules: rules.map((rule) => ({
      ...(rule.ID !== undefined ? { ID: rule.ID } : {}),
      ...(rule.AllowedHeaders.length > 0 ? { AllowedHeaders: [...rule.AllowedHeaders] } : {}),
      AllowedMethods: [...rule.AllowedMethods],
      AllowedOrigins: [...rule.AllowedOrigins],
      ...(rule.ExposeHeaders.length > 0 ? { ExposeHeaders: [...rule.ExposeHeaders] } : {}),
      ...(rule.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.MaxAgeSeconds } : {}),
    })),
  };
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}
