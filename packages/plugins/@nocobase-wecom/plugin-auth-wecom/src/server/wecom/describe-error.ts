import { WeComApiError, WeComProtocolError, WeComTransportError } from './errors';

export type ErrorAudience = 'admin' | 'user';

/**
 * What to tell people about an error. `message` is an English sentence and
 * the i18n key; `params` fill its `{{placeholders}}` (i18next style), e.g.
 * `ctx.t(description.message, { ns, ...description.params })`.
 */
export interface ErrorDescription {
  /** Stable, for logs, tests and client-side handling. */
  code: string;
  /** Who the message is written for: the person signing in, or an administrator who can fix the setup. */
  audience: ErrorAudience;
  message: string;
  params: Record<string, string>;
  helpUrl?: string;
}

/** What the caller knows that WeCom's answer does not say. */
export interface DescribeContext {
  /** The `host[:port]` the redirect URI used (see `domainOf`), for 50001. */
  domain?: string;
}

interface CatalogueRow {
  errcodes: readonly number[];
  code: string;
  audience: ErrorAudience;
  message: string;
  /** A parameter the message needs; when it is unknown, `messageWithoutParam` is used instead. */
  needs?: 'ip' | 'domain';
  messageWithoutParam?: string;
}

/** Every WeCom errcode we explain (meanings: docs/wecom-protocol.md A10). Other 41xxx codes use the 41001 row. */
export const ERRCODE_CATALOGUE: readonly CatalogueRow[] = [
  { errcodes: [-1], code: 'WECOM_SYSTEM_BUSY', audience: 'user',
    message: 'WeCom is busy at the moment. Please try again in a little while.' },
  { errcodes: [40001, 40091], code: 'WECOM_INVALID_SECRET', audience: 'admin',
    message: 'WeCom rejected the app secret. Copy the Secret again from the WeCom admin console (App Management → your app) and check that it belongs to this corp ID and agent ID.' },
  { errcodes: [40013], code: 'WECOM_INVALID_CORP_ID', audience: 'admin',
    message: 'WeCom does not recognise the corp ID. Copy it again from the WeCom admin console (My Company → Company Information → Corp ID).' },
  { errcodes: [40014, 42001], code: 'WECOM_ACCESS_TOKEN_REJECTED', audience: 'admin',
    message: 'WeCom rejected the access token even after a new one was fetched. Please try again; if it keeps happening, check the app secret.' },
  { errcodes: [40029], code: 'WECOM_INVALID_CODE', audience: 'user',
    message: 'The sign-in link has expired or was already used. Please try again.' },
  { errcodes: [40056], code: 'WECOM_INVALID_AGENT_ID', audience: 'admin',
    message: 'WeCom does not recognise the agent ID. Copy the AgentId again from the WeCom admin console (App Management → your app).' },
  { errcodes: [41001, 41002, 41004, 41008, 41009], code: 'WECOM_MISSING_PARAMETER', audience: 'admin',
    message: 'WeCom reported a missing parameter (error {{errcode}}). Check that the corp ID, agent ID and secret are all filled in.' },
  { errcodes: [45009, 45033], code: 'WECOM_RATE_LIMITED', audience: 'user',
    message: 'WeCom is rate-limiting requests from this site. Please try again later.' },
  { errcodes: [48002], code: 'WECOM_API_FORBIDDEN', audience: 'admin',
    message: "The WeCom app is not allowed to call {{endpoint}}. Check the app's API permissions in the WeCom admin console, and that the secret is this app's own secret." },
  { errcodes: [50001], code: 'WECOM_REDIRECT_DOMAIN_NOT_TRUSTED', audience: 'admin', needs: 'domain',
    message: 'WeCom refused the sign-in because {{domain}} is not a trusted domain of the app. In the WeCom admin console, open the app and enter {{domain}} (without https://) as its trusted domain (网页授权及JS-SDK) and as its WeCom sign-in callback domain (企业微信授权登录).',
    messageWithoutParam: "WeCom refused the sign-in because this site's domain is not a trusted domain of the app. In the WeCom admin console, open the app and enter this site's host name (with the port if it is not 80 or 443, without https://) as its trusted domain (网页授权及JS-SDK) and as its WeCom sign-in callback domain (企业微信授权登录)." },
  { errcodes: [50002, 60011], code: 'WECOM_MEMBER_NOT_VISIBLE', audience: 'user',
    message: 'Your WeCom account is outside the visible range of this app. Please contact your administrator.' },
  { errcodes: [50003], code: 'WECOM_APP_DISABLED', audience: 'admin',
    message: 'The WeCom app is disabled. Enable it in the WeCom admin console (App Management → your app).' },
  { errcodes: [60020], code: 'WECOM_IP_NOT_TRUSTED', audience: 'admin', needs: 'ip',
    message: "WeCom refused the request because this server's IP address {{ip}} is not a trusted IP of the app. In the WeCom admin console, open App Management → your app → Trusted IPs (企业可信IP) and add {{ip}}.",
    messageWithoutParam: "WeCom refused the request because this server's IP address is not a trusted IP of the app. In the WeCom admin console, open App Management → your app → Trusted IPs (企业可信IP) and add this server's public IP address." },
  { errcodes: [60111, 46004, 40003], code: 'WECOM_MEMBER_NOT_FOUND', audience: 'user',
    message: 'Your WeCom account was not found in the company directory. Please contact your administrator.' },
  { errcodes: [84014, 84015], code: 'WECOM_USER_TICKET_INVALID', audience: 'user',
    message: 'Your WeCom authorization has expired. Please sign in again.' },
];

export const UNKNOWN_ERRCODE_MESSAGE = "WeCom returned error {{errcode}}. Look it up with WeCom's error code tool: {{helpUrl}}";
export const TIMEOUT_MESSAGE = 'WeCom did not answer in time. Check that this server can reach the WeCom API ({{endpoint}}) and try again.';
export const UNREACHABLE_MESSAGE = 'This server could not reach WeCom. Check its network connection and the WeCom API address ({{endpoint}}).';
export const UNEXPECTED_RESPONSE_MESSAGE = 'WeCom sent an answer that could not be understood ({{endpoint}}: {{detail}}). Check the WeCom API address.';
export const UNEXPECTED_ERROR_MESSAGE = 'An unexpected error occurred while signing in with WeCom. See the server log for details.';
export const CONTACT_ADMINISTRATOR_MESSAGE = 'Sign-in with WeCom failed ({{code}}). Please contact your administrator.';

/** WeCom's own look-up page for an errcode (docs/wecom-protocol.md A0). */
export function errcodeHelpUrl(errcode: number): string {
  return `https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** Describes any error for whoever can act on it (see `audience`). Never includes secrets or tokens. */
export function describeError(error: unknown, context: DescribeContext = {}): ErrorDescription {
  if (error instanceof WeComApiError) return describeApiError(error, context);
  if (error instanceof WeComTransportError) {
    return { code: error.isTimeout ? 'WECOM_TIMEOUT' : 'WECOM_UNREACHABLE', audience: 'admin',
      message: error.isTimeout ? TIMEOUT_MESSAGE : UNREACHABLE_MESSAGE, params: { endpoint: error.endpoint } };
  }
  if (error instanceof WeComProtocolError) {
    const detail = error.httpStatus !== undefined ? `HTTP ${error.httpStatus}` : error.field !== undefined ? `field "${error.field}"` : 'not JSON';
    return { code: 'WECOM_UNEXPECTED_RESPONSE', audience: 'admin', message: UNEXPECTED_RESPONSE_MESSAGE,
      params: { endpoint: error.endpoint, detail } };
  }
  return { code: 'WECOM_UNEXPECTED_ERROR', audience: 'admin', message: UNEXPECTED_ERROR_MESSAGE, params: {} };
}

/**
 * The description to show the person signing in: user-audience descriptions
 * as they are; for setup problems a "contact your administrator" sentence
 * with the code, while the admin description goes to the log.
 */
export function describeErrorForUser(error: unknown, context: DescribeContext = {}): ErrorDescription {
  const description = describeError(error, context);
  if (description.audience === 'user') return description;
  return { code: description.code, audience: 'user', message: CONTACT_ADMINISTRATOR_MESSAGE, params: { code: description.code } };
}

function describeApiError(error: WeComApiError, context: DescribeContext): ErrorDescription {
  const helpUrl = errcodeHelpUrl(error.errcode);
  const params: Record<string, string> = { errcode: String(error.errcode), endpoint: error.endpoint };
  const row = findRow(error.errcode);
  if (!row) {
    return { code: 'WECOM_API_ERROR', audience: 'admin', message: UNKNOWN_ERRCODE_MESSAGE, params: { ...params, helpUrl }, helpUrl };
  }
  const needed = row.needs === 'ip' ? error.callerIp : row.needs === 'domain' ? context.domain : undefined;
  if (row.needs !== undefined && needed !== undefined) params[row.needs] = needed;
  const message = row.needs !== undefined && needed === undefined && row.messageWithoutParam ? row.messageWithoutParam : row.message;
  return { code: row.code, audience: row.audience, message, params, helpUrl };
}

function findRow(errcode: number): CatalogueRow | undefined {
  const row = ERRCODE_CATALOGUE.find((candidate) => candidate.errcodes.includes(errcode));
  if (row) return row;
  return errcode >= 41000 && errcode < 42000 ? ERRCODE_CATALOGUE.find((candidate) => candidate.errcodes.includes(41001)) : undefined;
}
