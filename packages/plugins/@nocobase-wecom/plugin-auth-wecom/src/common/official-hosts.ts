/** WeCom's own login service: the only host `@wecom/jssdk`'s login panel talks to. */
export const OFFICIAL_WEB_LOGIN_HOST = 'login.work.weixin.qq.com';
