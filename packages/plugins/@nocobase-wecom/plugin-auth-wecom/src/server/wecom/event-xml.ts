/**
 * The flat XML WeCom wraps callbacks in (docs/wecom-protocol.md C2.2, C2.5): `<xml><Name>value</Name>…</xml>`,
 * values in CDATA or not, as WeCom's own samples mix both. Only top-level children are read; nested ones
 * (ExtAttr) are skipped. No DTDs or entities beyond the five predefined ones, so nothing can expand.
 */
export class EventXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventXmlError';
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function text(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1] ?? '';
  if (raw.includes('<')) throw new EventXmlError('unexpected markup in a value');
  return raw.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '').trim();
}

/** `<xml>…</xml>` → its top-level fields by tag name. Throws EventXmlError on anything else. */
export function parseFlatXml(xml: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new EventXmlError('DTDs are not accepted');
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(xml);
  if (!root) throw new EventXmlError('not a WeCom <xml> document');
  const fields: Record<string, string> = {};
  const body = root[1] ?? '';
  const child = /<([A-Za-z][A-Za-z0-9_]*)>([\s\S]*?)<\/\1>|<([A-Za-z][A-Za-z0-9_]*)\s*\/>/g;
  let consumed = 0;
  for (let match = child.exec(body); match; match = child.exec(body)) {
    if (body.slice(consumed, match.index).trim() !== '') throw new EventXmlError('text outside the fields');
    consumed = match.index + match[0].length;
    const name = match[1] ?? match[3] ?? '';
    if (name in fields) continue;
    const inner = match[2] ?? '';
    // A nested element (ExtAttr's <Item>s): not a field we read.
    if (/^\s*<[A-Za-z]/.test(inner)) continue;
    fields[name] = text(inner);
  }
  if (body.slice(consumed).trim() !== '') throw new EventXmlError('text outside the fields');
  return fields;
}
