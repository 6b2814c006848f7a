import { encrypt, getSignature } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { answerUrlCheck, CallbackError, contactEventKey, openContactEvent, parseFlatXml } from '..';

// The official sample (docs/wecom-protocol.md C2.1, C2.2).
const keys = { token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' };
const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const officialEncrypt =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

function envelope(encrypted: string): string {
  return `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>`;
}

function signed(plainXml: string, timestamp = 1_700_000_000, receiveId = keys.corpId) {
  const encrypted = encrypt(keys.encodingAESKey, plainXml, receiveId);
  const nonce = '12345';
  return { query: { msgSignature: getSignature(keys.token, timestamp, nonce, encrypted), timestamp: String(timestamp), nonce }, body: envelope(encrypted) };
}

const createUser = `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><NewUserID><![CDATA[zhangsan2]]></NewUserID><ExtAttr><Item><Name><![CDATA[x]]></Name><Type>0</Type></Item></ExtAttr></xml>`;

describe('the contact-change callback', () => {
  it('answers the official URL check with its plaintext', () => {
    const plain = answerUrlCheck(keys, { msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780', echostr });
    expect(plain).toBe('1616140317555161061');
  });

  it('opens the official event vector (a pad of 30 bytes) and checks its receiveid', () => {
    const event = openContactEvent(
      keys,
      { msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
      envelope(officialEncrypt),
      1409659813,
    );
    expect(event.kind).toBe('other');
  });

  it('reads a member change, the new userid included, and skips nested fields', () => {
    const { query, body } = signed(createUser);
    const event = openContactEvent(keys, query, body, 1_700_000_010);
    expect(event).toEqual({ kind: 'member', change: 'update_user', userId: 'zhangsan', newUserId: 'zhangsan2', createTime: 1_700_000_000 });
    expect(contactEventKey(event)).toBe('update_user:zhangsan:zhangsan2:1700000000');
  });

  const refusals: [string, () => unknown, string][] = [
    ['a wrong signature', () => { const s = signed(createUser); return openContactEvent(keys, { ...s.query, msgSignature: 'a'.repeat(40) }, s.body, 1_700_000_000); }, 'signature'],
    ['another corp as receiveid', () => { const s = signed(createUser, 1_700_000_000, 'wwothercorp'); return openContactEvent(keys, s.query, s.body, 1_700_000_000); }, 'receiveid'],
    ['a replay of an old request', () => { const s = signed(createUser); return openContactEvent(keys, s.query, s.body, 1_700_000_000 + 3600); }, 'stale'],
    ['a body that is not XML', () => openContactEvent(keys, { msgSignature: 'x', timestamp: '1', nonce: '1' }, '{"Encrypt":"x"}', 1), 'malformed'],
    ['a DTD', () => openContactEvent(keys, { msgSignature: 'x', timestamp: '1', nonce: '1' }, '<!DOCTYPE x [<!ENTITY a "b">]><xml></xml>', 1), 'malformed'],
    ['a signed body that is not WeCom ciphertext', () => {
      const junk = Buffer.from('not aes').toString('base64');
      const query = { msgSignature: getSignature(keys.token, 1_700_000_000, 'n', junk), timestamp: '1700000000', nonce: 'n' };
      return openContactEvent(keys, query, envelope(junk), 1_700_000_000);
    }, 'decrypt'],
    ['a missing signature', () => { const s = signed(createUser); return openContactEvent(keys, { ...s.query, msgSignature: '' }, s.body, 1_700_000_000); }, 'missing-parameter'],
  ];
  it.each(refusals)('refuses %s', (_, attempt, problem) => {
    let caught: unknown;
    try {
      attempt();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CallbackError);
    expect((caught as CallbackError).problem).toBe(problem);
  });

  it('refuses an event with a userid that is not one', () => {
    const { query, body } = signed(createUser.replace('zhangsan2', 'a b<c'));
    expect(() => openContactEvent(keys, query, body, 1_700_000_000)).toThrow(CallbackError);
  });
});

describe('parseFlatXml', () => {
  it('reads CDATA and plain values, entities decoded', () => {
    expect(parseFlatXml('<xml><A><![CDATA[x<y]]></A><B> 1 &amp; 2 </B><C/></xml>')).toEqual({ A: 'x<y', B: '1 & 2', C: '' });
  });
  it('refuses text outside fields', () => {
    expect(() => parseFlatXml('<xml>junk<A>1</A></xml>')).toThrow();
  });
});
