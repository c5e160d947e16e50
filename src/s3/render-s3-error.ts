// Renders an S3Error as S3's XML error document (AWS: "Error responses (Amazon S3 API Reference)").

import { el, renderXmlDocument } from '../xml/index.ts';
import type { S3Error } from './s3-error.ts';

export function renderS3ErrorBody(error: S3Error, ids: { requestId: string; hostId: string }): string {
  const extra = Object.entries(error.extra)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => el(name, String(value)));
  return renderXmlDocument(
    el('Error', [
      el('Code', error.code),
      el('Message', error.message),
      ...extra,
      el('RequestId', ids.requestId),
      el('HostId', ids.hostId),
    ]),
  );
}
