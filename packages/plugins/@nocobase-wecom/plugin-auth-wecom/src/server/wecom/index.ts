/**
 * The framework-free WeCom core: HTTP client, the errcode → typed-error
 * boundary, access-token cache, URL builders, User-Agent detection and phone
 * matching. Imports nothing from NocoBase, Koa, React or antd.
 */
export {
  WeComClient,
  DEFAULT_API_BASE_URL,
  DEFAULT_BUSY_RETRY_DELAYS_MS,
  type BusyRetryOptions,
  type EmailType,
  type WeComClientOptions,
} from './client';
export {
  DEFAULT_SEND_RETRY_DELAYS_MS,
  MAX_PARTIES_PER_SEND,
  MAX_USERS_PER_SEND,
  MESSAGE_SEND_PATH,
  isRetryableSendError,
  type AppMessageRequest,
  type SentAppMessage,
} from './messages';
export { USER_LIST_ID_PAGE, type Department, type DirectoryMember, type UserIdPage } from './directory';
export type { CodeIdentity, CredentialCheck, Gender, Member, MemberStatus, UserDetail } from './types';

export {
  WeComApiError,
  WeComTransportError,
  WeComProtocolError,
  isWeComError,
  WECOM_API_ERROR,
  WECOM_TRANSPORT_ERROR,
  WECOM_PROTOCOL_ERROR,
  TOKEN_REJECTED_ERRCODES,
  RATE_LIMITED_ERRCODES,
  SYSTEM_BUSY_ERRCODE,
  type WeComError,
  type ProtocolProblem,
} from './errors';
export {
  describeError,
  describeErrorForUser,
  errcodeHelpUrl,
  ERRCODE_CATALOGUE,
  type DescribeContext,
  type ErrorAudience,
  type ErrorDescription,
} from './describe-error';

export {
  AccessTokenCache,
  accessTokenKey,
  MemoryLock,
  MemoryTokenStore,
  type AccessTokenCacheOptions,
  type CachedAccessToken,
  type FetchedAccessToken,
  type Lock,
  type TokenStore,
} from './token-cache';
export { callWeCom, DEFAULT_TIMEOUT_MS, type FetchFunction, type WeComCall, type WireOptions } from './wire';

export {
  buildOAuthUrl,
  buildWebLoginUrl,
  domainOf,
  DEFAULT_OAUTH_BASE_URL,
  DEFAULT_WEB_LOGIN_BASE_URL,
  type OAuthScope,
  type OAuthUrlOptions,
  type WebLoginUrlOptions,
} from './urls';
export { detectClient, type ClientKind } from './user-agent';
export { normalizeMobile, isSameMobile } from './phone';
export { redact } from './redact';
export { readDirectory, CONTACT_SYNC_FORBIDDEN, DEFAULT_CALLS_PER_MINUTE, type DirectorySnapshot, type ReadDirectoryOptions } from './read-directory';
export {
  answerUrlCheck,
  openContactEvent,
  readContactEvent,
  contactEventKey,
  CallbackError,
  CALLBACK_MAX_SKEW_SECONDS,
  type CallbackKeys,
  type CallbackProblem,
  type ContactEvent,
  type SignedQuery,
} from './contact-events';
export { parseFlatXml, EventXmlError } from './event-xml';
