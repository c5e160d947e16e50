// TagResource, UntagResource, ListTagsForResource (`/2020-05-31/tagging?Operation=Tag|Untag&Resource=arn`).
// Tags live on distribution ARNs; tag keys and values follow CloudFront's tagging restrictions
// (Amazon CloudFront Developer Guide, "Tagging a distribution": keys 1–128, values 0–256 characters).

import { CloudFrontError } from '../cloudfront-error.ts';
import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import { findEntry } from './resource-catalog.ts';

type Tag = { Key: string; Value?: string };
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTags(tags: unknown): Tag[] {
  const items = ((tags as { Items?: unknown } | undefined)?.Items ?? []) as Tag[];
  if (!Array.isArray(items)) throw new CloudFrontError('InvalidTagging', 'Tags must be a list');
  if (items.length > 50) throw new CloudFrontError('InvalidTagging', 'A resource can have at most 50 tags.');
  for (const tag of items) {
    if (typeof tag.Key !== 'string' || tag.Key.length < 1 || tag.Key.length > 128 || !TAG_TEXT.test(tag.Key))
      throw new CloudFrontError('InvalidTagging', `Invalid tag key "${String(tag.Key)}".`);
    if (tag.Value !== undefined && (tag.Value.length > 256 || !TAG_TEXT.test(tag.Value)))
      throw new CloudFrontError('InvalidTagging', `Invalid tag value for key "${tag.Key}".`);
  }
  return items.map((t) => (t.Value === undefined ? { Key: t.Key } : { Key: t.Key, Value: t.Value }));
}

/** The ARN of an existing distribution, or NoSuchResource. */
function taggedResource(plane: ControlPlane, resource: unknown): string {
  const arn = String(resource ?? '');
  const match = /^arn:aws:cloudfront::(\d{12}):distribution\/([A-Za-z0-9_-]+)$/.exec(arn);
  if (match === null)
    throw new CloudFrontError('InvalidArgument', `"${arn}" is not a CloudFront distribution ARN.`);
  if (match[1] !== plane.accountId || findEntry(plane, 'distribution', match[2]) === undefined)
    throw new CloudFrontError('NoSuchResource', 'The specified resource does not exist.');
  return arn;
}

export const TagResource: OperationHandler = (input, plane) => {
  const arn = taggedResource(plane, input.Resource);
  const tags = validateTags(input.Tags);
  const keys = new Set([...plane.db.listTags(arn).map((t) => t.Key), ...tags.map((t) => t.Key)]);
  if (keys.size > 50) throw new CloudFrontError('InvalidTagging', 'A resource can have at most 50 tags.');
  plane.db.putTags(arn, tags);
  return undefined;
};

export const UntagResource: OperationHandler = (input, plane) => {
  const arn = taggedResource(plane, input.Resource);
  const keys = ((input.TagKeys as { Items?: string[] } | undefined)?.Items ?? []) as string[];
  plane.db.deleteTags(arn, keys);
  return undefined;
};

export const ListTagsForResource: OperationHandler = (input, plane) => {
  const arn = taggedResource(plane, input.Resource);
  const tags = plane.db.listTags(arn);
  return { Tags: tags.length === 0 ? {} : { Items: tags } };
};
