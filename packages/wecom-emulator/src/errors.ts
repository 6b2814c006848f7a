/**
 * The errcodes the emulator emits, with the English text WeCom puts in front of ", hint: …".
 * Texts marked [unverified] are guesses (docs/wecom-protocol.md A10); replace them with the `errmsgs` option.
 */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid credential', // [unverified for WeCom] A1
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40058: 'invalid param', // the route appends the parameter name: invalid param 'mobile'
  40091: 'secret is invalid',
  41001: 'access_token missing',
  41002: 'corpid missing', // [unverified text]
  41004: 'corpsecret missing', // [unverified text]
  41008: 'missing code', // [unverified text]
  41009: 'missing userid', // [unverified text]
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit', // [unverified text]
  46004: 'user no exist', // [unverified text]
  47001: 'data format error', // [unverified text] malformed JSON body
  48002: 'api forbidden',
  48009: 'api forbidden for contact assistant', // observed (opsre/go-ldap-admin#378), C0.1
  50001: 'redirect_url not trusted', // [unverified text] A2/A4.1
  50003: 'application disabled', // [unverified text]
  60003: 'department not found', // [unverified text]
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip',
  60111: 'userid not found',
  84014: 'user ticket expired', // [unverified text]
  84015: 'invalid user ticket', // [unverified text]
  // message/send and message/recall (C3)
  40008: 'invalid message type',
  40032: 'invalid userid list size', // [unverified text]
  41010: 'missing url', // [unverified text] textcard without url
  41011: 'missing agentid',
  41016: 'missing title',
  41033: 'missing description', // [unverified text]
  44004: 'empty content',
  45002: 'content size out of limit', // [unverified text]
  81013: 'user & party & tag all invalid',
  82001: 'All touser & toparty & totag invalid',
  82002: 'invalid partyid list size', // [unverified text]
  82003: 'invalid tagid list size', // [unverified text]
  301002: 'not allow operate another agent with this accesstoken.',
};

export const MORE_INFO_URL = 'https://open.work.weixin.qq.com/devtool/query?e=';

/**
 * WeCom's hint ids are 25 digits, the first ten being the unix time (A0: `hint: [1662317178339603627481038]`).
 * The rest is a counter, so every error gets its own id.
 */
export class HintIds {
  private counter = Math.floor(Math.random() * 1e12);

  next(nowMs: number): string {
    this.counter = (this.counter + 1) % 1e15;
    return `${Math.floor(nowMs / 1000)}`.padStart(10, '0') + `${this.counter}`.padStart(15, '0');
  }
}

export function textFor(errcode: number, overrides: Readonly<Record<string, string>>): string {
  return overrides[String(errcode)] ?? ERRMSG[errcode] ?? `errcode ${errcode}`;
}

/** `<english msg>, hint: [<id>], from ip: <ip>, more info at https://open.work.weixin.qq.com/devtool/query?e=<code>` (A0). */
export function formatErrmsg(errcode: number, text: string, hint: string, ip: string): string {
  return `${text}, hint: [${hint}], from ip: ${ip}, more info at ${MORE_INFO_URL}${errcode}`;
}
