// The viewer-protocol-policy redirect (301 for GET/HEAD, 307 otherwise) with CloudFront's small HTML body,
// CRLF line endings (AWS: "Cache behavior settings", "Troubleshoot error response status codes in CloudFront"; the 307 wording is our choice, UNCONFIRMED).

import type { EdgeResponse } from '../edge-response.ts';

const TITLES: Readonly<Record<number, string>> = {
  301: '301 Moved Permanently',
  307: '307 Temporary Redirect',
};

export function renderRedirectBody(status: 301 | 307): Buffer {
  const title = TITLES[status];
  return Buffer.from(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>CloudFront</center>\r\n</body>\r\n</html>\r\n`,
    'latin1',
  );
}

export function redirectResponse(status: 301 | 307, location: string): EdgeResponse {
  return {
    status,
    headers: [
      ['Server', 'CloudFront'],
      ['Content-Type', 'text/html'],
      ['Location', location],
    ],
    body: { kind: 'bytes', bytes: renderRedirectBody(status) },
    resultType: 'Redirect',
    generated: 'redirect',
  };
}
