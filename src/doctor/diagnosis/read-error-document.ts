// Recognizes the error bodies a browser's request can meet behind CloudFront: CloudFront's own XML
// (signature failures, no RequestId — AWS: "Serve private content with signed URLs and signed cookies"), S3's XML (with RequestId — AWS: "Using cross-origin resource sharing (CORS) (Amazon S3 User Guide)")
// and CloudFront's HTML error page (AWS: "Troubleshoot error response status codes in CloudFront", e.g. the method-not-allowed 403 of AWS: "Cache behavior settings").

export type ErrorDocument =
  | { readonly kind: 'cloudfront-xml'; readonly code: string; readonly message: string }
  | { readonly kind: 's3-xml'; readonly code: string; readonly message: string }
  | { readonly kind: 'cloudfront-html'; readonly methodNotAllowed: boolean; readonly text: string }
  | { readonly kind: 'none' };

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1];
}

export function readErrorDocument(body: string): ErrorDocument {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('<?xml') || trimmed.startsWith('<Error>')) {
    const code = element(trimmed, 'Code');
    if (code !== undefined) {
      const message = element(trimmed, 'Message') ?? '';
      // CloudFront's signature errors carry no RequestId/HostId; S3's always do.
      const fromS3 = trimmed.includes('<RequestId>') || trimmed.includes('<HostId>');
      return { kind: fromS3 ? 's3-xml' : 'cloudfront-xml', code, message };
    }
  }
  if (/<html/i.test(trimmed) && /cloudfront/i.test(trimmed)) {
    return {
      kind: 'cloudfront-html',
      methodNotAllowed: /not configured to allow the HTTP request method/i.test(trimmed),
      text: trimmed
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 300),
    };
  }
  return { kind: 'none' };
}

/** Codes CloudFront uses for signed URL/cookie failures (AWS: "Serve private content with signed URLs and signed cookies"). */
export const SIGNATURE_ERROR_CODES: ReadonlySet<string> = new Set([
  'MissingKey',
  'InvalidKey',
  'MalformedSignature',
  'MalformedPolicy',
  'AccessDenied',
]);
