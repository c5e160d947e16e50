// Public surface of src/http/: reusable HTTP pieces shared by the S3 API and the edge.

export type { ConditionalDecision, ConditionalHeaders, ConditionalTarget } from './evaluate-conditionals.ts';
export { evaluateConditionals } from './evaluate-conditionals.ts';
export { etagMatchesStrong, etagMatchesWeak, opaqueEtag, parseEtagList } from './etag.ts';
export { createHttpDateFormatter, formatHttpDate, parseHttpDate, toHttpSeconds } from './http-date.ts';
export type { RangeDecision } from './parse-range-header.ts';
export { parseRangeHeader, renderContentRange } from './parse-range-header.ts';
export type { RequestTarget } from './request-target.ts';
export { InvalidEncodingError, parseQuery, percentDecode, splitRequestTarget } from './request-target.ts';
export { isHeaderFieldName, isHeaderFieldValue } from './header-field.ts';
