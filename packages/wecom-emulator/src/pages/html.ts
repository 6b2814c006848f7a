const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1f2329}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:8px;padding:32px;box-shadow:0 2px 12px rgba(0,0,0,.06);text-align:center}
h1{font-size:18px;margin:0 0 4px}.en{color:#8f959e;font-size:12px;margin:0 0 16px}
.icon{width:56px;height:56px;border-radius:50%;margin:0 auto 16px;display:flex;align-items:center;justify-content:center;font-size:28px;color:#fff}
.warn{background:#f7ba1e}.info{background:#0082ef}.ok{background:#07c160}
.code{color:#8f959e;font-size:12px;margin-top:16px}.detail{color:#646a73;font-size:13px;word-break:break-all}
form{margin:0}.members{display:flex;flex-direction:column;gap:8px;margin-top:16px}
button{font:inherit;border:1px solid #dee0e3;background:#fff;border-radius:6px;padding:9px 12px;cursor:pointer;text-align:left;width:100%}
button:hover{border-color:#0082ef}button.primary{background:#0082ef;color:#fff;border-color:#0082ef;text-align:center}
button.deny{color:#f54a45;text-align:center}.tag{float:right;color:#8f959e;font-size:12px}
.qr{margin:8px auto 12px;width:184px;height:184px;padding:8px;border:1px solid #dee0e3;border-radius:4px}
.banner{background:#fff3e8;color:#d25f00;border-radius:4px;padding:6px 10px;font-size:13px;margin-bottom:12px}
.note{color:#8f959e;font-size:12px;margin-top:16px}ul.fields{text-align:left;color:#646a73}
`;

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}<p class="note">WeCom emulator · 企业微信模拟器</p></main></body></html>`;
}

/** Hidden inputs carrying the original query through a GET form, minus the emulator's own parameters. */
export function hiddenInputs(query: URLSearchParams): string {
  let out = '';
  for (const [key, value] of query) {
    if (key.startsWith('emulator_')) continue;
    out += `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`;
  }
  return out;
}
