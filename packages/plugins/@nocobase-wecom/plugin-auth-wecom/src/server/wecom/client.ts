import {
  DEPARTMENT_GET_PATH,
  DEPARTMENT_LIST_PATH,
  parseDepartmentGet,
  parseDepartmentList,
  parseDirectoryMember,
  parseMemberList,
  parseUserIdPage,
  USER_LIST_ID_PAGE,
  USER_LIST_ID_PATH,
  USER_LIST_PATH,
  type Department,
  type DirectoryMember,
  type UserIdPage,
} from './directory';
import { WeComApiError } from './errors';
import {
  DEFAULT_SEND_RETRY_DELAYS_MS,
  isRetryableSendError,
  MESSAGE_SEND_PATH,
  parseSentMessage,
  type AppMessageRequest,
  type SentAppMessage,
} from './messages';
import { parseAccessToken, parseCodeIdentity, parseMember, parseUserDetail, parseUserId } from './parsers';
import { AccessTokenCache, accessTokenKey, MemoryLock, MemoryTokenStore, type Lock, type TokenStore } from './token-cache';
import type { CodeIdentity, CredentialCheck, Member, UserDetail } from './types';
import { callWeCom, requireText, type FetchFunction, type WeComCall, type WireOptions } from './wire';

export const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';

const GET_TOKEN_PATH = '/cgi-bin/gettoken';
const GET_USER_INFO_PATH = '/cgi-bin/auth/getuserinfo';
const GET_USER_DETAIL_PATH = '/cgi-bin/auth/getuserdetail';
const GET_USER_PATH = '/cgi-bin/user/get';
const GET_USER_ID_PATH = '/cgi-bin/user/getuserid';
const GET_USER_ID_BY_EMAIL_PATH = '/cgi-bin/user/get_userid_by_email';

/** `email_type` of `user/get_userid_by_email`: 1 the corporate mailbox (biz_mail), 2 the personal email. */
export type EmailType = 1 | 2;

/** A code WeCom can never have issued; used to probe `auth/getuserinfo` in `checkCredentials()`. */
const PROBE_CODE = 'nocobase-wecom-credential-check';
const INVALID_CODE_ERRCODE = 40029;

/** Waits before retry 1, 2 and 3. WeCom asks for at most 3 retries on -1 (docs/wecom-protocol.md A1, A10). */
export const DEFAULT_BUSY_RETRY_DELAYS_MS: readonly number[] = [200, 500, 1000];

export interface BusyRetryOptions {
  /** One entry per retry; the length is the retry limit. */
  delaysMs?: readonly number[];
  sleep?: (milliseconds: number) => Promise<void>;
}

export interface WeComClientOptions {
  corpId: string;
  agentId: string | number;
  secret: string;
  /** Default `https://qyapi.weixin.qq.com`; may carry a path prefix (private deployments, the emulator). */
  apiBaseUrl?: string;
  /** Default: a store private to this client. Pass a shared one so a cluster shares one token. */
  store?: TokenStore;
  /** Default: a lock private to this process. Pass a cluster-wide one with a shared store. */
  lock?: Lock;
  fetch?: FetchFunction;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  now?: () => number;
  /** Delays before the retries on errcode -1 (system busy); default 200, 500, 1000 ms. */
  busyRetry?: BusyRetryOptions;
  /** Delays before the 2nd, 3rd… try of `sendMessage`; default 300, 1000 ms (3 tries). Uses `busyRetry.sleep`. */
  sendRetryDelaysMs?: readonly number[];
}

/**
 * The WeCom server APIs a sign-in needs, for one self-built app.
 *
 * Every method can throw `WeComApiError` (errcode ≠ 0, after the retries below),
 * `WeComTransportError` (network, timeout) and `WeComProtocolError` (an answer
 * not in WeCom's shape). Token rejections (40014 / 42001) are retried once with
 * a new token; -1 (system busy) up to 3 times; rate limits (45009 / 45033) never.
 */
export class WeComClient {
  readonly corpId: string;
  readonly agentId: string;
  readonly #secret: string;
  readonly #wire: WireOptions;
  readonly #tokens: AccessTokenCache;
  readonly #busyRetry: BusyRetryOptions;
  readonly #sendRetryDelaysMs: readonly number[];

  constructor(options: WeComClientOptions) {
    this.corpId = requireText(options.corpId, 'corpId');
    this.agentId = requireText(String(options.agentId), 'agentId');
    this.#secret = requireText(options.secret, 'secret');
    this.#wire = {
      baseUrl: options.apiBaseUrl ?? DEFAULT_API_BASE_URL,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
    };
    this.#busyRetry = options.busyRetry ?? {};
    this.#sendRetryDelaysMs = options.sendRetryDelaysMs ?? DEFAULT_SEND_RETRY_DELAYS_MS;
    this.#tokens = new AccessTokenCache({
      key: accessTokenKey({ corpId: this.corpId, agentId: this.agentId, apiBaseUrl: this.#wire.baseUrl, secret: this.#secret }),
      store: options.store ?? new MemoryTokenStore({ now: options.now }),
      lock: options.lock ?? new MemoryLock(),
      fetchToken: () => this.#fetchAccessToken(),
      now: options.now,
    });
  }

  /**
   * Who signed in: exchanges the `code` from the OAuth or web-login redirect.
   * Codes are single use and expire after 5 minutes (40029). A `userTicket` is
   * present only for in-client `snsapi_privateinfo` sign-ins with consent.
   *
   * @throws {WeComApiError} 40029 bad/used/expired code, 50001 redirect domain not trusted, 60020 IP not trusted, …
   * @see https://developer.work.weixin.qq.com/document/path/96442
   */
  async getUserInfoByCode(code: string): Promise<CodeIdentity> {
    requireText(code, 'code');
    return this.#callWithToken({ method: 'GET', path: GET_USER_INFO_PATH, query: { code }, parse: parseCodeIdentity });
  }

  /**
   * The sensitive fields (mobile, email, …) the member agreed to share. Each is
   * present only if the admin enabled it for the app and the member consented.
   *
   * @throws {WeComApiError} 84014 ticket expired, 84015 ticket invalid, 60011 not in the visible range, …
   * @see https://developer.work.weixin.qq.com/document/path/96443
   */
  async getUserDetail(userTicket: string): Promise<UserDetail> {
    requireText(userTicket, 'userTicket');
    return this.#callWithToken({
      method: 'POST',
      path: GET_USER_DETAIL_PATH,
      body: { user_ticket: userTicket },
      parse: parseUserDetail,
    });
  }

  /**
   * A member's directory entry. Apps created after 2022-06-20 get no mobile,
   * email, avatar or gender here (docs/wecom-protocol.md A6).
   *
   * @throws {WeComApiError} 60111 unknown userid, 60011 not in the visible range, …
   * @see https://developer.work.weixin.qq.com/document/path/96255
   */
  async getUser(userId: string): Promise<Member> {
    requireText(userId, 'userId');
    return this.#callWithToken({ method: 'GET', path: GET_USER_PATH, query: { userid: userId }, parse: parseMember });
  }

  /**
   * Every department the app can see (with the contact-sync secret: the whole corp), in no particular order.
   *
   * @throws {WeComApiError} 60011 nothing visible, 48009 contact-sync secret used from a newer IP, …
   * @see https://developer.work.weixin.qq.com/document/path/90208
   */
  async listDepartments(): Promise<Department[]> {
    return this.#callWithToken({ method: 'GET', path: DEPARTMENT_LIST_PATH, parse: parseDepartmentList });
  }

  /** @see https://developer.work.weixin.qq.com/document/path/95351 */
  async getDepartment(id: number): Promise<Department> {
    return this.#callWithToken({ method: 'GET', path: DEPARTMENT_GET_PATH, query: { id: String(id) }, parse: parseDepartmentGet });
  }

  /**
   * The direct members of one department (not of its children), with their leader flags.
   *
   * @throws {WeComApiError} 60003 no such department, 60011 not visible, …
   * @see https://developer.work.weixin.qq.com/document/path/90201
   */
  async listDepartmentMembers(departmentId: number): Promise<DirectoryMember[]> {
    return this.#callWithToken({ method: 'GET', path: USER_LIST_PATH, query: { department_id: String(departmentId) }, parse: parseMemberList });
  }

  /** `user/get` with the leader flags a sync needs. */
  async getDirectoryMember(userId: string): Promise<DirectoryMember> {
    requireText(userId, 'userId');
    return this.#callWithToken({ method: 'GET', path: GET_USER_PATH, query: { userid: userId }, parse: parseDirectoryMember });
  }

  /**
   * One page of the whole corp's (userid, department) rows. Only the contact-sync secret may call it.
   *
   * @see https://developer.work.weixin.qq.com/document/path/96067
   */
  async listUserIds(cursor = '', limit = USER_LIST_ID_PAGE): Promise<UserIdPage> {
    const body = cursor === '' ? { limit } : { cursor, limit };
    return this.#callWithToken({ method: 'POST', path: USER_LIST_ID_PATH, body, parse: parseUserIdPage });
  }

  /**
   * The userid of the member with this mobile. Careful: if failed look-ups
   * exceed 20% of the corp's seats, WeCom blocks this API for a day (docs/wecom-protocol.md A6).
   *
   * @throws {WeComApiError} 46004 / 60111 no such member, 60011 not visible, …
   * @see https://developer.work.weixin.qq.com/document/path/96267
   */
  async getUserIdByMobile(mobile: string): Promise<string> {
    requireText(mobile, 'mobile');
    return this.#callWithToken({ method: 'POST', path: GET_USER_ID_PATH, body: { mobile }, parse: parseUserId });
  }

  /**
   * The userid of the member with this email: `emailType` 1 looks at corporate mailboxes, 2 at personal
   * emails. Same daily error budget as {@link getUserIdByMobile}.
   *
   * @throws {WeComApiError} 46004 / 60111 no such member, 40058 bad email, 60011 not visible, 45009 budget spent, …
   * @see https://developer.work.weixin.qq.com/document/path/95895
   */
  async getUserIdByEmail(email: string, emailType: EmailType = 1): Promise<string> {
    requireText(email, 'email');
    return this.#callWithToken({
      method: 'POST',
      path: GET_USER_ID_BY_EMAIL_PATH,
      body: { email, email_type: emailType },
      parse: parseUserId,
    });
  }

  /**
   * Sends an app message as this app (`agentid` is added). Tried at most 3 times in all: again on -1, 45009,
   * 45033 and timeouts (see `isRetryableSendError`); a token rejection gets one new token as everywhere.
   * Recipients WeCom does not know come back in `invalidUsers` / `invalidParties` (errcode 0).
   *
   * @throws {WeComApiError} 81013 no valid recipient, 60020 IP not trusted, 44004 empty content, …
   * @see https://developer.work.weixin.qq.com/document/path/90236
   */
  async sendMessage(message: AppMessageRequest): Promise<SentAppMessage> {
    const agentid = /^\d+$/.test(this.agentId) ? Number(this.agentId) : this.agentId;
    const body = { ...message, agentid };
    const wait = this.#busyRetry.sleep ?? sleep;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#tokens.withToken((accessToken) =>
          callWeCom(this.#wire, { method: 'POST', path: MESSAGE_SEND_PATH, query: { access_token: accessToken }, body, parse: parseSentMessage }),
        );
      } catch (error) {
        const delay = this.#sendRetryDelaysMs[attempt];
        if (delay === undefined || !isRetryableSendError(error)) throw error;
        await wait(delay);
      }
    }
  }

  /**
   * Setup health check: fetches a fresh token (bypassing the cache, so a
   * changed secret is really tested), then probes `auth/getuserinfo` with a
   * code WeCom never issued. The expected 40029 proves the token works and this
   * server's IP is trusted; 60020 would show the IP to allow-list.
   *
   * @throws {WeComApiError} 40013 corp id, 40001 / 40091 secret, 50003 app disabled, 60020 IP, …
   * @see https://developer.work.weixin.qq.com/document/path/91039
   */
  async checkCredentials(): Promise<CredentialCheck> {
    const fetched = await retryWhenBusy(() => this.#fetchAccessToken(), this.#busyRetry);
    try {
      await retryWhenBusy(
        () =>
          callWeCom(this.#wire, {
            method: 'GET',
            path: GET_USER_INFO_PATH,
            query: { access_token: fetched.token, code: PROBE_CODE },
            parse: parseCodeIdentity,
          }),
        this.#busyRetry,
      );
    } catch (error) {
      if (!(error instanceof WeComApiError && error.errcode === INVALID_CODE_ERRCODE)) throw error;
    }
    return { tokenExpiresInSeconds: fetched.expiresInSeconds, probeEndpoint: GET_USER_INFO_PATH };
  }

  /** Forgets the cached token for this corp and app, e.g. after the secret changed. */
  async clearCachedToken(): Promise<void> {
    await this.#tokens.invalidate();
  }

  /** @see https://developer.work.weixin.qq.com/document/path/91039 */
  #fetchAccessToken(): Promise<{ token: string; expiresInSeconds: number }> {
    return callWeCom(this.#wire, {
      method: 'GET',
      path: GET_TOKEN_PATH,
      query: { corpid: this.corpId, corpsecret: this.#secret },
      parse: parseAccessToken,
    });
  }

  #callWithToken<T>(call: WeComCall<T>): Promise<T> {
    return retryWhenBusy(
      () =>
        this.#tokens.withToken((accessToken) =>
          callWeCom(this.#wire, { ...call, query: { ...call.query, access_token: accessToken } }),
        ),
      this.#busyRetry,
    );
  }
}

/**
 * Runs `operation`, retrying it while WeCom answers -1 (system busy).
 * Every other error, rate limits (45009 / 45033) included, is thrown at once.
 */
export async function retryWhenBusy<T>(operation: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const delays = options.delaysMs ?? DEFAULT_BUSY_RETRY_DELAYS_MS;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !(error instanceof WeComApiError && error.isSystemBusy)) throw error;
      await wait(delay);
    }
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
