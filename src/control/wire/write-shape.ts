// Renders a value in AWS JSON shape as the XML element the model describes: members in model order,
// list members under their element names, booleans as `true`/`false`, timestamps in ISO 8601.

import { el, type XmlElement } from '../../xml/index.ts';
import { type CloudFrontModel, SCALAR_TYPES } from '../model/cloudfront-model.ts';

export function writeShape(
  model: CloudFrontModel,
  type: string,
  elementName: string,
  value: unknown,
): XmlElement | undefined {
  if (value === undefined || value === null) return undefined;
  if (SCALAR_TYPES.has(type)) return el(elementName, writeScalar(type, value));
  const shape = model.shapes[type];
  if (shape === undefined) throw new Error(`unknown shape ${type}`);
  if (shape.kind === 'list') {
    const items = value as readonly unknown[];
    // An empty list is left out, as CloudFront answers (`<Quantity>0</Quantity>` without `<Items>`).
    if (items.length === 0) return undefined;
    return el(
      elementName,
      items.map((item) => writeShape(model, shape.member, shape.memberName, item)),
    );
  }
  const record = value as Record<string, unknown>;
  const children: (XmlElement | undefined)[] = [];
  for (const [member, ref] of Object.entries(shape.members)) {
    if (ref.location !== undefined) continue;
    children.push(writeShape(model, ref.type, ref.name ?? member, record[member]));
  }
  return el(elementName, children);
}

function writeScalar(type: string, value: unknown): string {
  if (type === 'timestamp') return value instanceof Date ? value.toISOString() : String(value);
  if (type === 'boolean') return value === true ? 'true' : 'false';
  return String(value);
}
