import type { Context } from '@nocobase/actions';
import { translate } from '../errors/translate';

export const PHONE_TEXT = {
  title: 'WeCom sign-in',
  done: 'Done, go back to your computer.',
  doneDetail: 'Your computer continues the sign-in by itself. You can close this page.',
  openInWeCom: 'Open this link with WeCom on your phone: scan the QR code on your computer with WeCom.',
  refused: 'The sign-in on your computer was not confirmed.',
} as const;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

/**
 * The little page the phone shows after the QR link: confirmed, refused (with why), or "open this in WeCom".
 * Plain HTML from the server: the phone never loads the app and is not signed in by it.
 */
export function renderPhonePage(ctx: Context, page: { kind: 'done' | 'open-in-wecom' } | { kind: 'refused'; message: string }) {
  const heading = translate(ctx, page.kind === 'done' ? PHONE_TEXT.done : page.kind === 'open-in-wecom' ? PHONE_TEXT.openInWeCom : PHONE_TEXT.refused);
  const detail = page.kind === 'done' ? translate(ctx, PHONE_TEXT.doneDetail) : page.kind === 'refused' ? page.message : '';
  const mark = page.kind === 'done' ? '✓' : page.kind === 'refused' ? '✕' : 'ⓘ';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  ctx.set('Referrer-Policy', 'no-referrer');
  // An HTML page, not an API answer: NocoBase would otherwise wrap the body in `{ data }`.
  ctx.withoutDataWrapping = true;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(translate(ctx, PHONE_TEXT.title))}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;padding:48px 24px;text-align:center;color:#1f1f1f}
.mark{font-size:56px;line-height:1;color:${page.kind === 'done' ? '#07c160' : page.kind === 'refused' ? '#e5484d' : '#1677ff'}}
h1{font-size:20px;margin:20px 0 12px}p{color:#595959;font-size:15px;line-height:1.5}</style></head>
<body><div class="mark">${mark}</div><h1 data-testid="wecom-phone-result" data-kind="${page.kind}">${escape(heading)}</h1>${detail ? `<p>${escape(detail)}</p>` : ''}</body></html>`;
}
