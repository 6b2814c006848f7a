/** One element of an event: strings go in CDATA, numbers as plain text (WeCom's samples mostly do this; C2.5). */
export type XmlField = readonly [name: string, value: string | number];

/** `]]>` cannot appear inside a CDATA section: split it across two. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function element([name, value]: XmlField): string {
  return `<${name}>${typeof value === 'number' ? String(value) : cdata(value)}</${name}>`;
}

/**
 * The decrypted `change_contact` event (C2.5): ToUserName = corp id, FromUserName = `sys`, CreateTime,
 * MsgType = event, Event = change_contact, ChangeType, then the change's own fields.
 */
export function contactEventXml(corpId: string, createTime: number, changeType: string, fields: readonly XmlField[]): string {
  const head: XmlField[] = [
    ['ToUserName', corpId],
    ['FromUserName', 'sys'],
    ['CreateTime', createTime],
    ['MsgType', 'event'],
    ['Event', 'change_contact'],
    ['ChangeType', changeType],
  ];
  return `<xml>${[...head, ...fields].map(element).join('')}</xml>`;
}

/** The POST body of an event delivery (C2.2). The sync tool's events carry an empty AgentID. */
export function envelopeXml(corpId: string, encrypted: string): string {
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt><AgentID>${cdata('')}</AgentID></xml>`;
}
