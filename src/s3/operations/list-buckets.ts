// ListBuckets (S3 API Reference "ListBuckets"): the owner's buckets in name order, filtered by `prefix` and
// `bucket-region`, paged by `max-buckets` (1–10000) and an opaque `continuation-token`.

import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.ts';
import { ownerElements, xmlResponse } from './xml-response.ts';

const MAX_BUCKETS = 10000;

function parseMaxBuckets(raw: string | undefined): number {
  if (raw === undefined) return MAX_BUCKETS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_BUCKETS) {
    throw new S3Error('InvalidArgument', {
      message: `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS}`,
      extra: { ArgumentName: 'max-buckets', ArgumentValue: raw },
    });
  }
  return n;
}

export async function listBuckets(request: S3Request, deps: S3Deps): Promise<S3Response> {
  const query = request.route.query;
  const maxBuckets = parseMaxBuckets(query.get('max-buckets'));
  const token = query.get('continuation-token');
  const after = token !== undefined && token !== '' ? decodeContinuationToken(token) : undefined;
  const prefix = query.get('prefix');
  const region = query.get('bucket-region');
  const matching = (await deps.store.listBuckets()).filter(
    (b) =>
      (prefix === undefined || b.name.startsWith(prefix)) &&
      (region === undefined || b.region === region) &&
      (after === undefined || b.name > after),
  );
  const page = matching.slice(0, maxBuckets);
  const next =
    matching.length > page.length ? encodeContinuationToken(page[page.length - 1].name) : undefined;
  return xmlResponse(
    renderXmlDocument(
      el(
        'ListAllMyBucketsResult',
        [
          el('Owner', ownerElements()),
          el(
            'Buckets',
            page.map((b) =>
              el('Bucket', [
                el('Name', b.name),
                el('CreationDate', b.creationDate.toISOString()),
                el('BucketRegion', b.region),
              ]),
            ),
          ),
          next !== undefined && el('ContinuationToken', next),
          prefix !== undefined && el('Prefix', prefix),
        ],
        { xmlns: S3_XMLNS },
      ),
    ),
  );
}
