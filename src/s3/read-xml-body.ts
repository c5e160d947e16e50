// Reads a bounded request body and parses it as XML for the XML-bodied operations (CORS, DeleteObjects,
// CompleteMultipartUpload, CreateBucket). Oversized → MaxMessageLengthExceeded; broken → MalformedXML.

import { parseXml, type XmlNode, XmlParseError } from '../xml/index.ts';
import { S3Error } from './s3-error.ts';
import type { RequestBody } from './s3-types.ts';

export const XML_BODY_MAX_BYTES = 1024 * 1024;

export async function readBodyBytes(body: RequestBody, maxBytes: number): Promise<Buffer> {
  if (body.declaredLength !== undefined && body.declaredLength > maxBytes) {
    body.stream.resume();
    throw new S3Error('MaxMessageLengthExceeded');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body.stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.stream.destroy();
      throw new S3Error('MaxMessageLengthExceeded');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseXmlBody(bytes: Buffer, rootName: string): XmlNode {
  try {
    const root = parseXml(bytes);
    if (root.name !== rootName) throw new S3Error('MalformedXML');
    return root;
  } catch (error) {
    if (error instanceof XmlParseError) throw new S3Error('MalformedXML', { cause: error });
    throw error;
  }
}
