// Matches a request (method, raw path, raw query) to a CloudFront operation through the request URIs of
// the API model: `/2020-05-31/distribution/{Id}/config`, `/2020-05-31/distribution?WithTags`,
// `/2020-05-31/tagging?Operation=Tag`. Templates that require a query member are tried first.

import type { CloudFrontModel } from './model/cloudfront-model.ts';

export type OperationMatch = {
  readonly operation: string;
  /** URI labels by name, percent-decoded. */
  readonly labels: Readonly<Record<string, string>>;
};

type Matcher = {
  readonly operation: string;
  readonly method: string;
  readonly segments: readonly { readonly literal?: string; readonly label?: string }[];
  readonly query?: { readonly key: string; readonly value?: string };
};

export type OperationRouter = (
  method: string,
  rawPath: string,
  query: URLSearchParams,
) => OperationMatch | undefined;

export function createOperationRouter(
  model: CloudFrontModel,
  operations: readonly string[],
): OperationRouter {
  const matchers: Matcher[] = operations.map((operation) => {
    const op = model.operations[operation];
    if (op === undefined) throw new Error(`${operation} is not an operation of the CloudFront model`);
    const [path, queryText] = op.requestUri.split('?');
    const segments = path
      .split('/')
      .slice(1)
      .map((segment) => {
        const label = /^\{([A-Za-z]+)\+?\}$/.exec(segment);
        return label ? { label: label[1] } : { literal: segment };
      });
    let query: Matcher['query'];
    if (queryText !== undefined && queryText !== '') {
      const [key, value] = queryText.split('=');
      query = value === undefined ? { key } : { key, value };
    }
    return { operation, method: op.method, segments, query };
  });
  matchers.sort((a, b) => Number(b.query !== undefined) - Number(a.query !== undefined));
  return (method, rawPath, query) => {
    const parts = rawPath.split('/').slice(1);
    for (const matcher of matchers) {
      if (matcher.method !== method || matcher.segments.length !== parts.length) continue;
      if (matcher.query !== undefined) {
        if (!query.has(matcher.query.key)) continue;
        if (matcher.query.value !== undefined && query.get(matcher.query.key) !== matcher.query.value)
          continue;
      }
      const labels: Record<string, string> = {};
      let matched = true;
      for (let index = 0; index < parts.length && matched; index++) {
        const segment = matcher.segments[index];
        if (segment.literal !== undefined) matched = segment.literal === parts[index];
        else {
          const value = safeDecode(parts[index]);
          matched = value !== undefined && value !== '';
          if (matched) labels[segment.label as string] = value as string;
        }
      }
      if (matched) return { operation: matcher.operation, labels };
    }
    return undefined;
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
