// The 200 XML response S3 operations answer with, and the fixed Owner/Initiator fields every listing
// carries (one account owns everything here: OWNER in s3-types.ts).

import { el, type XmlElement } from '../../xml/index.ts';
import { OWNER, type S3Response } from '../s3-types.ts';

export function xmlResponse(body: string, headers: Record<string, string> = {}): S3Response {
  return { status: 200, headers: { 'Content-Type': 'application/xml', ...headers }, body };
}

/** `<ID>` and `<DisplayName>` of the owner, the children of `Owner` and `Initiator` elements. */
export function ownerElements(): XmlElement[] {
  return [el('ID', OWNER.ID), el('DisplayName', OWNER.DisplayName)];
}
