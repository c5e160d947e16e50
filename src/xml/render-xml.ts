// A small escaping XML writer for S3 response documents: elements are plain values, rendering is one pass.
// Text is always escaped; control characters become numeric references so keys survive any parser.

export type XmlChild = XmlElement | undefined | false;

export type XmlElement = {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Either text content or child elements; `undefined`/`false` children are skipped (optional members). */
  readonly text?: string;
  readonly children?: readonly XmlChild[];
};

/** `el('Key', 'a&b')` or `el('Contents', [el(...), ...])`. */
export function el(
  name: string,
  content?: string | number | boolean | readonly XmlChild[],
  attributes?: Record<string, string>,
): XmlElement {
  if (content === undefined) return { name, attributes };
  if (Array.isArray(content)) return { name, attributes, children: content as readonly XmlChild[] };
  return { name, attributes, text: String(content) };
}

/** Escapes `& < > " '` and every control character other than none: tab/CR/LF too, so they round-trip exactly. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

function renderElement(element: XmlElement, out: string[]): void {
  out.push('<', element.name);
  if (element.attributes) {
    for (const [name, value] of Object.entries(element.attributes))
      out.push(' ', name, '="', escapeXml(value), '"');
  }
  const children = element.children?.filter((c): c is XmlElement => Boolean(c));
  if (children && children.length > 0) {
    out.push('>');
    for (const child of children) renderElement(child, out);
    out.push('</', element.name, '>');
  } else if (element.text !== undefined && element.text !== '') {
    out.push('>', escapeXml(element.text), '</', element.name, '>');
  } else {
    out.push('></', element.name, '>');
  }
}

/** The whole document with the XML declaration S3 sends. */
export function renderXmlDocument(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  renderElement(root, out);
  return out.join('');
}

/** S3's response namespace, placed on the root of success documents. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
