import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallbackCryptoError, aesKeyOf, decrypt, encrypt, pkcs7Pad, pkcs7Unpad, signature, verifySignature } from '../callback/crypto';

/** The official vectors of doc 91144 (docs/wecom-protocol.md C2.1, C2.2). */
const TOKEN = 'QDG6eK';
const KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const CORP_ID = 'wx5823bf96d3bd56c7';
const ECHOSTR_QUERY = 'P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D';
const EVENT_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

describe('C2.3 callback crypto, against the official test vectors (doc 91144)', () => {
  it('C2.1 URL verification: the signature matches and echostr decrypts to 1616140317555161061 for the corp', () => {
    const echostr = new URLSearchParams(`echostr=${ECHOSTR_QUERY}`).get('echostr') ?? '';
    expect(echostr).toContain('+');
    expect(signature(TOKEN, '1409659589', '263014780', echostr)).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
    const out = decrypt(KEY, echostr);
    expect(out.message).toBe('1616140317555161061');
    expect(out.receiveId).toBe(CORP_ID);
  });

  it('C2.2 event: the signature matches, and the ciphertext (pad 30) decrypts to the text-message XML', () => {
    expect(signature(TOKEN, 1409659813, 1372623149, EVENT_ENCRYPT)).toBe('477715d11cdb4164915debcba66cb864d751f3e6');
    const out = decrypt(KEY, EVENT_ENCRYPT);
    expect(out.pad).toBe(30);
    expect(out.receiveId).toBe(CORP_ID);
    expect(out.message).toBe(
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>`,
    );
  });

  it("the padding quirk: Node's built-in 16-byte unpadding throws on the vector; ours does not", () => {
    const key = aesKeyOf(KEY);
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    expect(() => Buffer.concat([decipher.update(Buffer.from(EVENT_ENCRYPT, 'base64')), decipher.final()])).toThrow();
  });

  it('encrypts to the exact official ciphertext given the same random bytes', () => {
    const { random, message } = decrypt(KEY, EVENT_ENCRYPT);
    expect(encrypt(KEY, message, CORP_ID, random)).toBe(EVENT_ENCRYPT);
  });

  it('round-trips UTF-8 messages of every length mod 32, padding to 32-byte blocks (a full block when aligned)', () => {
    for (let n = 0; n < 70; n++) {
      const message = '企'.repeat(n % 5) + 'x'.repeat(n);
      const out = encrypt(KEY, message, CORP_ID);
      expect(Buffer.from(out, 'base64').length % 32).toBe(0);
      const back = decrypt(KEY, out);
      expect(back.message).toBe(message);
      expect(back.receiveId).toBe(CORP_ID);
      expect(back.pad).toBeGreaterThanOrEqual(1);
      expect(back.pad).toBeLessThanOrEqual(32);
    }
    expect(pkcs7Pad(Buffer.alloc(32)).length).toBe(64);
    expect(pkcs7Unpad(pkcs7Pad(Buffer.alloc(31))).length).toBe(31);
  });

  it('rejects bad keys, bad pads and garbage with CallbackCryptoError', () => {
    expect(() => aesKeyOf('short')).toThrow(CallbackCryptoError);
    expect(() => decrypt(KEY, 'not base64 at all')).toThrow(CallbackCryptoError);
    expect(() => decrypt(KEY, randomBytes(64).toString('base64'))).toThrow(CallbackCryptoError);
    expect(() => pkcs7Unpad(Buffer.from([1, 2, 3, 33]))).toThrow(CallbackCryptoError);
    expect(() => pkcs7Unpad(Buffer.from([1, 2, 3, 2]))).toThrow(CallbackCryptoError);
  });

  it('compares signatures in constant time', () => {
    expect(verifySignature('abc', 'abc')).toBe(true);
    expect(verifySignature('abc', 'abd')).toBe(false);
    expect(verifySignature('abc', 'ab')).toBe(false);
  });
});
