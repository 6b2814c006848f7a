import type { MockServer } from '@nocobase/test';
import { passSignInPage, type WeComEmulator } from '@nocobase-wecom/wecom-emulator';
import { ORIGIN, PC_UA, WECOM_UA } from './harness';

export interface Member {
  /** Who approves on the WeCom page. */
  userid?: string;
  /** Non-member in personal WeChat (the OAuth page is fetched with a WeChat UA). */
  openid?: string;
  /** Answer to the consent page (default approve). */
  consent?: boolean;
  /** User-Agent for the WeCom pages, when it differs from the browser's. */
  weComPageUa?: string;
}

export interface Outcome {
  status: number;
  location: string;
  /** `wecom_handoff`, `authenticator`, `error` from the final Location. */
  query: URLSearchParams;
  /** How many times the browser went through WeCom. */
  rounds: number;
  /** NocoBase's token, which the landing page got by redeeming its hand-off code (as the plugin's client does). */
  token?: string;
}

/** Drives sign-ins like a browser: one cookie jar for NocoBase, WeCom pages on the emulator over HTTP. */
export class Browser {
  readonly agent: ReturnType<MockServer['agent']>;

  constructor(
    private readonly app: MockServer,
    private readonly emulator: WeComEmulator,
    readonly userAgent: string = PC_UA,
  ) {
    this.agent = app.agent();
  }

  static inWeCom(app: MockServer, emulator: WeComEmulator) {
    return new Browser(app, emulator, WECOM_UA);
  }

  async getAuthUrl(authenticator: string, redirect?: string) {
    return this.agent
      .post('/wecom:getAuthUrl')
      .set('X-Authenticator', authenticator)
      .set('User-Agent', this.userAgent)
      .send(redirect === undefined ? {} : { redirect });
  }

  /** Follows the WeCom page as `member`; returns the callback path (NocoBase's, without `/api`). */
  async passWeCom(url: string, member: Member): Promise<string> {
    return callbackPath(await passSignInPage(url, { ...member, userAgent: member.weComPageUa ?? this.userAgent }));
  }

  async callback(path: string) {
    return this.agent.get(path).set('User-Agent', this.userAgent);
  }

  /** getAuthUrl → WeCom → callback (→ WeCom again for consent → callback). */
  async signIn(authenticator: string, member: Member, redirect?: string): Promise<Outcome> {
    const started = await this.getAuthUrl(authenticator, redirect);
    if (started.status !== 200) throw new Error(`getAuthUrl ${started.status}: ${JSON.stringify(started.body)}`);
    return this.follow(started.body.data.url, member);
  }

  async follow(url: string, member: Member): Promise<Outcome> {
    let next = url;
    for (let rounds = 1; rounds <= 3; rounds += 1) {
      const response = await this.callback(await this.passWeCom(next, member));
      const location: string = response.headers.location ?? '';
      if (response.status === 302 && location.startsWith(this.emulator.url)) {
        next = location;
        continue;
      }
      const query = new URL(location, ORIGIN).searchParams;
      const code = query.get('wecom_handoff');
      const token = code ? await this.redeemToken(code) : undefined;
      return { status: response.status, location, query, rounds, token };
    }
    throw new Error('too many WeCom rounds');
  }

  /** `POST wecom:redeem` with this browser's cookies. */
  async redeem(code: unknown) {
    return this.agent.post('/wecom:redeem').set('User-Agent', this.userAgent).send({ code });
  }

  async redeemToken(code: string): Promise<string> {
    const response = await this.redeem(code);
    if (response.status !== 200) throw new Error(`wecom:redeem ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.data.token;
  }

  /** The user a token belongs to. */
  async currentUser(token: string, authenticator = 'wecom') {
    const response = await this.app
      .agent()
      .get('/auth:check')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Authenticator', authenticator);
    return response.body.data;
  }
}

/** `http://origin/api/wecom:callback?…` → `/wecom:callback?…` (the mock server has no `/api` prefix). */
export function callbackPath(location: string): string {
  const url = new URL(location);
  if (`${url.protocol}//${url.host}` !== ORIGIN) throw new Error(`unexpected redirect ${location}`);
  return `${url.pathname.replace(/^\/api/, '')}${url.search}`;
}

/** The message of a refused action: NocoBase's `{ errors: [{ message }] }`, or the plain text without its error handler. */
export function errorMessage(response: { body?: { errors?: Array<{ message?: string }> }; text?: string }): string | undefined {
  return response.body?.errors?.[0]?.message ?? response.text;
}
