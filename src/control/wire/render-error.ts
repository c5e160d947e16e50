// The CloudFront error document (Amazon CloudFront API Reference, "Common Errors"):
// `<ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>`.

import { el, renderXmlDocument } from '../../xml/index.ts';
import { CLOUDFRONT_XMLNS } from '../model/cloudfront-model.ts';

export function renderCloudFrontError(
  code: string,
  message: string,
  requestId: string,
  status: number,
): string {
  return renderXmlDocument(
    el(
      'ErrorResponse',
      [
        el('Error', [
          el('Type', status >= 500 ? 'Receiver' : 'Sender'),
          el('Code', code),
          el('Message', message),
        ]),
        el('RequestId', requestId),
      ],
      { xmlns: CLOUDFRONT_XMLNS },
    ),
  );
}
