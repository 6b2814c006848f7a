import { Problems, describe, isRecord } from './seed/reader';

/** Per-API rate limits (A9). `null` switches a limit off. */
export interface RateLimits {
  perCorpPerApiPerMinute: number | null;
  perCorpPerApiPerHour: number | null;
  perIpPerApiPerMinute: number | null;
  perIpPerApiPerHour: number | null;
  jsapiTicketPerCorpPerHour: number | null;
  agentConfigTicketPerAppPerHour: number | null;
  /** `message/send`: deliveries to one member from one app; the excess is dropped silently (C3). */
  messagesPerMemberPerMinute: number | null;
  messagesPerMemberPerHour: number | null;
  /** `message/send`: recipient-deliveries (人次) per app per day = `corpSeatLimit` × this (C3); over it, 45009. */
  messageRecipientsPerSeatPerDay: number | null;
}

/**
 * How the emulator behaves where WeCom's behaviour is unverified or where tests need to bend it.
 * Defaults are the most likely real behaviour; see README "Configurable behaviour".
 */
export interface Behaviour {
  tokenTtlSeconds: number;
  codeTtlSeconds: number;
  ticketTtlSeconds: number;
  jsapiTicketTtlSeconds: number;
  /** What `expires_in` a repeated gettoken shows for the still-valid token: 7200 ("full") or the seconds left. [unverified] */
  repeatTokenExpiresIn: 'full' | 'remaining';
  /** gettoken with a wrong secret: 40001 "invalid credential" or 40091 "secret is invalid". [unverified] */
  wrongSecretErrcode: 40001 | 40091;
  /** `expires_in` next to `user_ticket` in the legacy `user/getuserinfo`; null = the ticket's real lifetime. [unverified] */
  legacyTicketExpiresIn: number | null;
  /** Whether the legacy `user/getuserdetail` also returns `name` and `position`. [unverified] */
  legacyDetailIncludesName: boolean;
  /** In-client OAuth with a scope other than snsapi_base / snsapi_privateinfo: treat as base, or show an error page. [unverified] */
  unknownScope: 'base' | 'error';
  /** Whether `/wwlogin/sso/login` also appends `appid` to the callback, like qrConnect does. [unverified] */
  webLoginAppendsAppid: boolean;
  /**
   * Web login by a member outside the app's visible range: let it through (A3.1: the code is returned
   * "无论是否在应用可见范围之内", whether or not in the visible range), or a "no permission" page (A3.3). [unverified]
   */
  webLoginOutsideVisibleRange: 'no-permission' | 'allow';
  /**
   * Whether a disabled member (status 2) can finish a login page and get a code. Real WeCom would not let them
   * sign in to the client at all; 'allow' (the default) lets tests check that the relying party refuses them.
   */
  disabledMemberLogin: 'allow' | 'error-page';
  /**
   * "The WeCom desktop client is running and signed in as <userid>": the JS-SDK login panel then offers that
   * member one-click login. null: no desktop client.
   */
  desktopClientUserid: string | null;
  /** `user/getuserid` / `get_userid_by_email` when nobody matches. [unverified] */
  getuseridNotFoundErrcode: 46004 | 60111;
  /** The corp's seat limit; failed getuserid lookups beyond 20 % of it block the API for the day (A6). */
  corpSeatLimit: number;
  /** `message/send` when no recipient is valid: 81013 (current) or 82001 (older responses, C3). */
  messageAllInvalidErrcode: 81013 | 82001;
  /** errcode for an unknown `/cgi-bin/*` path. [unverified] */
  unknownApiErrcode: number;
  /**
   * Act as if the caller's IP was added to the contact-sync tool after 2022-08-15 10:00 (C0.1): its
   * `department/list`, `user/get` and `user/list` calls get 48009. Apps are not affected.
   */
  contactSyncIpAddedAfterCutoff: boolean;
  /** `user/list` / `user/simplelist` with `fetch_child=1`: ignored (current docs, C1) or honoured (older docs). [unverified] */
  fetchChild: 'ignore' | 'honour';
  /** Replaces the English text of an errcode's errmsg, keyed by errcode. */
  errmsgs: Record<string, string>;
  /** Also send `Error-Code` / `Error-Msg` headers with errors (seen once on real WeCom, A0). */
  errorHeaders: boolean;
  rateLimits: RateLimits;
  /** Contact-change deliveries: how long a receiver has to answer 200 (C2.2: 5 s). */
  callbackTimeoutMs: number;
  /** Contact-change deliveries: retries after the first attempt (C2.2: "总共重试三次", three retries in total). */
  callbackRetries: number;
  /** Contact-change deliveries: wait between attempts. WeCom's interval is not documented. [unverified] */
  callbackRetryDelayMs: number;
  maxBodyBytes: number;
  callLogLimit: number;
}

export type BehaviourPatch = Partial<Omit<Behaviour, 'rateLimits' | 'errmsgs'>> & {
  rateLimits?: Partial<RateLimits>;
  errmsgs?: Record<string, string>;
};

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perCorpPerApiPerMinute: 10_000,
  perCorpPerApiPerHour: 150_000,
  perIpPerApiPerMinute: 20_000,
  perIpPerApiPerHour: 600_000,
  jsapiTicketPerCorpPerHour: 400,
  agentConfigTicketPerAppPerHour: 100,
  messagesPerMemberPerMinute: 30,
  messagesPerMemberPerHour: 1000,
  messageRecipientsPerSeatPerDay: 200,
};

export const DEFAULT_BEHAVIOUR: Behaviour = {
  tokenTtlSeconds: 7200,
  codeTtlSeconds: 300,
  ticketTtlSeconds: 1800,
  jsapiTicketTtlSeconds: 7200,
  repeatTokenExpiresIn: 'full',
  wrongSecretErrcode: 40001,
  legacyTicketExpiresIn: null,
  legacyDetailIncludesName: false,
  unknownScope: 'base',
  webLoginAppendsAppid: false,
  webLoginOutsideVisibleRange: 'allow',
  disabledMemberLogin: 'allow',
  desktopClientUserid: null,
  getuseridNotFoundErrcode: 46004,
  corpSeatLimit: 200,
  messageAllInvalidErrcode: 81013,
  unknownApiErrcode: 48002,
  contactSyncIpAddedAfterCutoff: false,
  fetchChild: 'ignore',
  errmsgs: {},
  errorHeaders: true,
  rateLimits: DEFAULT_RATE_LIMITS,
  callbackTimeoutMs: 5000,
  callbackRetries: 3,
  callbackRetryDelayMs: 0,
  maxBodyBytes: 1024 * 1024,
  callLogLimit: 10_000,
};

export class OptionsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`invalid options:\n  - ${problems.join('\n  - ')}`);
    this.name = 'OptionsError';
  }
}

type Check = (value: unknown) => string | null;
const positiveInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? null : 'must be a positive integer');
const nonNegativeInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'must be an integer ≥ 0');
const limit: Check = (v) => (v === null ? null : positiveInt(v) && 'must be a positive integer or null (no limit)');
const nullableInt: Check = (v) => (v === null ? null : positiveInt(v) && 'must be a positive integer or null');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v) ? null : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
const errcode: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v !== 0 ? null : 'must be a non-zero integer');

const CHECKS: Record<keyof Omit<Behaviour, 'rateLimits' | 'errmsgs'>, Check> = {
  tokenTtlSeconds: positiveInt,
  codeTtlSeconds: positiveInt,
  ticketTtlSeconds: positiveInt,
  jsapiTicketTtlSeconds: positiveInt,
  repeatTokenExpiresIn: oneOf('full', 'remaining'),
  wrongSecretErrcode: oneOf(40001, 40091),
  legacyTicketExpiresIn: nullableInt,
  legacyDetailIncludesName: bool,
  unknownScope: oneOf('base', 'error'),
  webLoginAppendsAppid: bool,
  webLoginOutsideVisibleRange: oneOf('no-permission', 'allow'),
  disabledMemberLogin: oneOf('allow', 'error-page'),
  desktopClientUserid: (v) => (v === null || (typeof v === 'string' && v !== '' && v.length <= 64) ? null : 'must be a userid or null'),
  getuseridNotFoundErrcode: oneOf(46004, 60111),
  corpSeatLimit: positiveInt,
  messageAllInvalidErrcode: oneOf(81013, 82001),
  unknownApiErrcode: errcode,
  contactSyncIpAddedAfterCutoff: bool,
  fetchChild: oneOf('ignore', 'honour'),
  errorHeaders: bool,
  callbackTimeoutMs: positiveInt,
  callbackRetries: nonNegativeInt,
  callbackRetryDelayMs: nonNegativeInt,
  maxBodyBytes: positiveInt,
  callLogLimit: positiveInt,
};

function checkRecord(value: unknown, path: string, problems: Problems, checks: Record<string, Check>): void {
  if (!isRecord(value)) return problems.add(path, `must be an object, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
    if (!check) problems.add(`${path}.${key}`, `unknown option (known: ${Object.keys(checks).join(', ')})`);
    else {
      const problem = check(v);
      if (problem) problems.add(`${path}.${key}`, `${problem}, got ${describe(v)}`);
    }
  }
}

/** Validates an untrusted patch and merges it into `base`. Throws OptionsError naming each bad field. */
export function applyBehaviourPatch(base: Behaviour, patch: unknown): Behaviour {
  const problems = new Problems();
  const extra: Record<string, Check> = { rateLimits: () => null, errmsgs: () => null };
  checkRecord(patch, 'options', problems, { ...CHECKS, ...extra });
  if (!isRecord(patch)) throw new OptionsError(problems.list);
  const rateChecks: Record<keyof RateLimits, Check> = {
    perCorpPerApiPerMinute: limit,
    perCorpPerApiPerHour: limit,
    perIpPerApiPerMinute: limit,
    perIpPerApiPerHour: limit,
    jsapiTicketPerCorpPerHour: limit,
    agentConfigTicketPerAppPerHour: limit,
    messagesPerMemberPerMinute: limit,
    messagesPerMemberPerHour: limit,
    messageRecipientsPerSeatPerDay: limit,
  };
  if (patch.rateLimits !== undefined) checkRecord(patch.rateLimits, 'options.rateLimits', problems, rateChecks);
  if (patch.errmsgs !== undefined) {
    const msgChecks: Record<string, Check> = {};
    if (isRecord(patch.errmsgs)) {
      for (const key of Object.keys(patch.errmsgs)) {
        msgChecks[key] = (v) => (!/^-?\d+$/.test(key) ? 'the key must be an errcode' : typeof v === 'string' ? null : 'must be a string');
      }
    }
    checkRecord(patch.errmsgs, 'options.errmsgs', problems, msgChecks);
  }
  if (problems.list.length > 0) throw new OptionsError(problems.list);
  // Every key and value was checked above, so the patch has the BehaviourPatch shape.
  const { rateLimits, errmsgs, ...rest } = patch as BehaviourPatch;
  return {
    ...base,
    ...rest,
    rateLimits: { ...base.rateLimits, ...rateLimits },
    errmsgs: { ...base.errmsgs, ...errmsgs },
  };
}
