// Turns a parsed XML request body into the AWS JSON shape the CLI prints (`{ Quantity, Items: [...] }`
// lists, numbers, booleans), driven by the model: element names, list member names and scalar types.

import type { XmlNode } from '../../xml/index.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import { type CloudFrontModel, SCALAR_TYPES } from '../model/cloudfront-model.ts';

export function readShape(model: CloudFrontModel, type: string, node: XmlNode, path: string): unknown {
  if (SCALAR_TYPES.has(type)) return readScalar(type, node.text, path);
  const shape = model.shapes[type];
  if (shape === undefined) throw new Error(`unknown shape ${type}`);
  if (shape.kind === 'list') {
    return node.children.map((child, index) => {
      if (child.name !== shape.memberName)
        throw invalid(`${path}`, `expected <${shape.memberName}> elements, found <${child.name}>`);
      return readShape(model, shape.member, child, `${path}[${index}]`);
    });
  }
  const byElement = new Map<string, [string, string]>();
  for (const [member, ref] of Object.entries(shape.members))
    if (ref.location === undefined) byElement.set(ref.name ?? member, [member, ref.type]);
  const out: Record<string, unknown> = {};
  for (const child of node.children) {
    const entry = byElement.get(child.name);
    if (entry === undefined) throw invalid(path, `<${child.name}> is not a member of ${type}`);
    const [member, memberType] = entry;
    if (member in out) throw invalid(`${path}.${member}`, 'appears twice');
    // In a `{ Quantity, Items }` list CloudFront refuses an empty `<Items/>`: with no items it must be left
    // out. (Lists without a Quantity, such as tag items, may be empty.)
    if (
      'Quantity' in shape.members &&
      child.children.length === 0 &&
      model.shapes[memberType]?.kind === 'list'
    )
      throw new CloudFrontError('MalformedInput', 'Unexpected list element termination');
    out[member] = readShape(model, memberType, child, `${path}.${member}`);
  }
  return out;
}

function readScalar(type: string, text: string, path: string): unknown {
  const value = text.trim();
  switch (type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(value)) throw invalid(path, `"${value}" is not an integer`);
      return Number(value);
    }
    case 'float':
    case 'double': {
      const number = Number(value);
      if (value === '' || !Number.isFinite(number)) throw invalid(path, `"${value}" is not a number`);
      return number;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalid(path, `"${value}" is not true or false`);
      return value === 'true';
    case 'timestamp':
      return value;
    default:
      return text;
  }
}

function invalid(path: string, reason: string): CloudFrontError {
  return new CloudFrontError('MalformedInput', `Invalid request: ${path} ${reason}`);
}
