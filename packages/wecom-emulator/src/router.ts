import { QR_CONNECT_PATH, WWLOGIN_PATH, qrConnect, wwLogin } from './flows/web-login';
import { OAUTH_PATH, oauthAuthorize } from './flows/oauth-authorize';
import { ApiContext, ApiReply, PageContext, PageReply } from './http/reply';
import { authGetuserdetail, legacyUserGetuserdetail } from './routes/auth-getuserdetail';
import { authGetuserinfo, legacyUserGetuserinfo } from './routes/auth-getuserinfo';
import { departmentGet, departmentList, departmentSimplelist } from './routes/department-list';
import { gettoken } from './routes/gettoken';
import { getJsapiTicket, ticketGet } from './routes/jsapi-ticket';
import { messageRecall } from './routes/message-recall';
import { messageSend } from './routes/message-send';
import { userGet } from './routes/user-get';
import { userGetUseridByEmail, userGetuserid } from './routes/user-getuserid';
import { userList, userSimplelist } from './routes/user-list';
import { userListId } from './routes/user-list-id';

export interface ApiRoute {
  readonly kind: 'api';
  readonly handler: (ctx: ApiContext) => ApiReply;
  /** POST-JSON APIs read the body; the method itself is not checked (see README). */
  readonly readsBody: boolean;
}

export interface PageRoute {
  readonly kind: 'page';
  readonly handler: (ctx: PageContext) => PageReply;
}

export const CGI_PREFIX = '/cgi-bin/';

const api = (handler: ApiRoute['handler'], readsBody = false): ApiRoute => ({ kind: 'api', handler, readsBody });
const pageRoute = (handler: PageRoute['handler']): PageRoute => ({ kind: 'page', handler });

/** Every path of the four WeCom hosts (qyapi, open.weixin, login.work.weixin, open.work.weixin), on one origin. */
export const ROUTES: ReadonlyMap<string, ApiRoute | PageRoute> = new Map<string, ApiRoute | PageRoute>([
  ['/cgi-bin/gettoken', api(gettoken)],
  ['/cgi-bin/auth/getuserinfo', api(authGetuserinfo)],
  ['/cgi-bin/user/getuserinfo', api(legacyUserGetuserinfo)],
  ['/cgi-bin/auth/getuserdetail', api(authGetuserdetail, true)],
  ['/cgi-bin/user/getuserdetail', api(legacyUserGetuserdetail, true)],
  ['/cgi-bin/user/get', api(userGet, true)],
  ['/cgi-bin/user/getuserid', api(userGetuserid, true)],
  ['/cgi-bin/user/get_userid_by_email', api(userGetUseridByEmail, true)],
  ['/cgi-bin/department/list', api(departmentList)],
  ['/cgi-bin/department/simplelist', api(departmentSimplelist)],
  ['/cgi-bin/department/get', api(departmentGet)],
  ['/cgi-bin/user/list_id', api(userListId, true)],
  ['/cgi-bin/user/list', api(userList)],
  ['/cgi-bin/user/simplelist', api(userSimplelist)],
  ['/cgi-bin/get_jsapi_ticket', api(getJsapiTicket)],
  ['/cgi-bin/ticket/get', api(ticketGet)],
  ['/cgi-bin/message/send', api(messageSend, true)],
  ['/cgi-bin/message/recall', api(messageRecall, true)],
  [OAUTH_PATH, pageRoute(oauthAuthorize)],
  [WWLOGIN_PATH, pageRoute(wwLogin)],
  [QR_CONNECT_PATH, pageRoute(qrConnect)],
]);
