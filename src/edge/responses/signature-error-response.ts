// The 403 `text/xml` answer to signed URL/cookie failures: CloudFront's envelope without RequestId
// (AWS: "Serve private content with signed URLs and signed cookies"), e.g. the 146-byte MissingKey body.

import type { EdgeResponse } from '../edge-response.ts';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderSignatureError(code: string, message: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`,
    'utf8',
  );
}

export function signatureErrorResponse(code: string, message: string): EdgeResponse {
  return {
    status: 403,
    headers: [
      ['Server', 'CloudFront'],
      ['Content-Type', 'text/xml'],
    ],
    body: { kind: 'bytes', bytes: renderSignatureError(code, message) },
    resultType: 'Error',
    detailedResultType: 'Error',
    generated: 'signature-error',
  };
}
