import { CorpState, MemberState } from '../state/directory';
import { escapeHtml, hiddenInputs } from './html';
import { fakeQrSvg } from './fake-qr';
import { memberButtons } from './member-buttons';

/**
 * What `@wecom/jssdk`'s `createWWLoginPanel` puts in its iframe, and the messages the panel sends its parent.
 * Read from @wecom/jssdk 2.4.4 (dist/wecom.js, `useIframeClient` / `useRemoteInvoke` / `handleCallMsg`):
 * - the SDK posts `{"type":"ww-iframe-handle:init"}` when the iframe has loaded and has not said it is ready;
 * - the panel answers `{"type":"ww-iframe-handle:ready"}` (no `supportChannel`: plain postMessage, no MessageChannel);
 * - the panel calls the page's callbacks with `{"type":"ww-iframe-handle:call","args":{"type":"call","name":N,"payload":P}}`,
 *   which the SDK runs as `options[N](P)`: `onCheckWeComLogin({isWeComLogin})`, `onLoginSuccess({code})`,
 *   `onLoginFail({errCode, errMsg})`. Without a `uid` no response is expected.
 * Messages are JSON strings, sent to the parent's origin (`location.ancestorOrigins`, else the referrer: the SDK sets
 * referrerPolicy "origin", but after a "scan" the panel's own page is the referrer).
 */
export const PANEL_PROTOCOL = {
  sdkVersion: '2.4.4',
  init: 'ww-iframe-handle:init',
  ready: 'ww-iframe-handle:ready',
  call: 'ww-iframe-handle:call',
  callbacks: ['onCheckWeComLogin', 'onLoginSuccess', 'onLoginFail'],
} as const;

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:13px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#fff;color:#1f2329;text-align:center}
main{padding:12px 16px}h1{font-size:15px;margin:0}.en{color:#8f959e;font-size:12px;margin:0 0 6px}
.qr{margin:4px auto;width:120px;height:120px;padding:4px;border:1px solid #dee0e3;border-radius:4px}
form{margin:0}.members{display:flex;flex-direction:column;gap:4px;margin-top:6px}
button{font:inherit;border:1px solid #dee0e3;background:#fff;border-radius:6px;padding:5px 10px;cursor:pointer;text-align:left;width:100%}
button:hover{border-color:#0082ef}button.primary{background:#0082ef;color:#fff;border-color:#0082ef;text-align:center;padding:9px}
button.deny{color:#f54a45;text-align:center}.tag{float:right;color:#8f959e;font-size:12px}.note{color:#8f959e;font-size:11px;margin-top:6px}
.result{padding:48px 16px;font-size:15px}
`;

function panelLayout(body: string, script: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>企业微信登录</title><style>${STYLE}</style></head><body><main>${body}<p class="note">WeCom emulator · 企业微信模拟器</p></main><script>${script}</script></body></html>`;
}

/** The script every panel document runs: the ready handshake, then `calls` in order. */
function protocolScript(calls: ReadonlyArray<{ name: string; payload: unknown }>, topRedirect?: string): string {
  const data = JSON.stringify({ calls, topRedirect: topRedirect ?? null, protocol: PANEL_PROTOCOL }).replace(/</g, '\\u003c');
  return `(function(){var d=${data};var p=d.protocol;
var target='*';try{var a=location.ancestorOrigins;if(a&&a.length)target=a[0];else if(document.referrer)target=new URL(document.referrer).origin}catch(e){}
function post(m){window.parent.postMessage(JSON.stringify(m),target)}
var done=false;function ready(){if(done)return;done=true;post({type:p.ready});
d.calls.forEach(function(c){post({type:p.call,args:{type:'call',name:c.name,payload:c.payload}})});
if(d.topRedirect){try{window.top.location.href=d.topRedirect}catch(e){}}}
window.addEventListener('message',function(e){var m=e.data;try{if(typeof m==='string')m=JSON.parse(m)}catch(x){return}
if(m&&m.type===p.init)ready()});
if(window.parent!==window)setTimeout(ready,0)})();`;
}

/** The panel: a QR code, "scan as" a member, deny, and one-click when the desktop client is signed in. */
export function loginPanelPage(corp: CorpState, action: string, query: URLSearchParams, isVisible: (userid: string) => boolean, desktop: MemberState | undefined): string {
  const members = memberButtons(corp.membersInOrder, (name) => `以 ${name} 身份扫码 · Scan as ${name}`, isVisible);
  const oneClick = desktop
    ? `<button class="primary" type="submit" name="emulator_userid" value="${escapeHtml(desktop.seed.userid)}" data-testid="one-click">一键登录 ${escapeHtml(desktop.seed.name)} · One-click login as ${escapeHtml(desktop.seed.name)}</button>`
    : '';
  const body =
    `<h1>企业微信登录</h1><p class="en">Sign in with WeCom</p>` +
    `<form method="get" action="${escapeHtml(action)}">${hiddenInputs(query)}${oneClick}` +
    (desktop ? '' : `${fakeQrSvg(`${corp.corpId}:${query.toString()}`)}`) +
    `<div class="members">${members}<button class="deny" type="submit" name="emulator_action" value="deny">拒绝登录 · Deny</button></div></form>`;
  return panelLayout(body, protocolScript([{ name: 'onCheckWeComLogin', payload: { isWeComLogin: Boolean(desktop) } }]));
}

/** After a "scan" or a refusal: tells the page through its callbacks (or, with redirect_type=top, navigates it). */
export function loginPanelResult(outcome: { code: string; redirect?: string } | { errCode: number; errMsg: string }): string {
  if ('code' in outcome) {
    return panelLayout('<p class="result">登录成功 · Signed in</p>', protocolScript([{ name: 'onLoginSuccess', payload: { code: outcome.code } }], outcome.redirect));
  }
  return panelLayout(
    `<p class="result">${escapeHtml(outcome.errMsg)}</p>`,
    protocolScript([{ name: 'onLoginFail', payload: { errCode: outcome.errCode, errMsg: outcome.errMsg } }]),
  );
}
