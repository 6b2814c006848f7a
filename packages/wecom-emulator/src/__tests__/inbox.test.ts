import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WeComEmulator } from '../index';
import { Json, control, getApi, postApi, useTestEmulator, tokenFor } from './support/harness';
import { fixture } from './support/shape';
import { APP, CORP, OTHER_APP, OTHER_CORP, testSeed } from './support/test-seed';

/**
 * C4 "stored messages for inspection": each member's inbox as JSON (`GET /__emulator/messages?userid=`,
 * `emu.messages()`) and as a page (`GET /__emulator/inbox/<userid>`), behind the control API's guard.
 */

let emu: WeComEmulator;
let token: string;
useTestEmulator(async (started) => {
  emu = started;
  token = await tokenFor(emu);
});

const AGENT = Number(APP.agentId);

async function send(body: Json, accessToken = token): Promise<string> {
  const answer = await postApi(emu, '/cgi-bin/message/send', { access_token: accessToken }, { touser: 'zhangsan', agentid: AGENT, ...body });
  expect(answer.errcode, JSON.stringify(answer)).toBe(0);
  return String(answer.msgid);
}
const sendText = (content: string, extra: Json = {}): Promise<string> => send({ msgtype: 'text', text: { content }, ...extra });
/** A doc 90236 example, sent to zhangsan by the test app. */
const sendExample = (name: string): Promise<string> => {
  const { toparty: _p, totag: _t, ...body } = fixture(`message-send.request.${name}`);
  return send({ ...body, touser: 'zhangsan', agentid: AGENT });
};

async function page(path: string): Promise<{ status: number; type: string | null; csp: string | null; html: string }> {
  const response = await fetch(`${emu.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), csp: response.headers.get('content-security-policy'), html: await response.text() };
}

/** node:http, so that Host and Origin can be anything. */
function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port: emu.port, method, path, headers, setHost: !('host' in headers), agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('C4 inbox JSON: GET /__emulator/messages?userid=', () => {
  it('lists the member’s messages oldest first, with msgid, time, msgtype, fields, agentid and recalled', async () => {
    const before = emu.now().getTime();
    const first = await sendText('一');
    emu.advanceClock(5);
    const second = await send({ msgtype: 'markdown', markdown: { content: '**二**' } });
    const res = await control(emu, 'GET', '/__emulator/messages?userid=zhangsan');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      userid: 'zhangsan',
      messages: [
        { msgid: first, time: expect.any(String), corpId: CORP, agentid: AGENT, appName: '测试应用 Test app', msgtype: 'text', text: { content: '一' }, safe: 0, recalled: false },
        { msgid: second, time: expect.any(String), corpId: CORP, agentid: AGENT, appName: '测试应用 Test app', msgtype: 'markdown', markdown: { content: '**二**' }, safe: 0, recalled: false },
      ],
    });
    const times = (res.body.messages as Array<{ time: string }>).map((m) => Date.parse(m.time));
    expect(times[0]).toBeGreaterThanOrEqual(before - 1000);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(5000);
    expect(emu.messages('zhangsan')).toEqual(res.body.messages);
  });

  it('matches the userid case-insensitively, and filters by corpId (zhangsan exists in two corps)', async () => {
    await sendText('test corp');
    const otherToken = await tokenFor(emu, OTHER_APP.secret, OTHER_CORP);
    await send({ msgtype: 'text', text: { content: 'other corp' }, agentid: Number(OTHER_APP.agentId) }, otherToken);
    expect((await control(emu, 'GET', '/__emulator/messages?userid=ZHANGSAN')).body.messages).toHaveLength(2);
    const filtered = await control(emu, 'GET', `/__emulator/messages?userid=zhangsan&corpId=${OTHER_CORP}`);
    expect((filtered.body.messages as Json[]).map((m) => m.text)).toEqual([{ content: 'other corp' }]);
    expect(emu.messages('zhangsan', CORP)).toHaveLength(1);
  });

  it('is empty for a member without messages or an unknown userid; 400 without userid', async () => {
    expect((await control(emu, 'GET', '/__emulator/messages?userid=lisi')).body).toEqual({ userid: 'lisi', messages: [] });
    expect((await control(emu, 'GET', '/__emulator/messages?userid=ghost')).body.messages).toEqual([]);
    const missing = await control(emu, 'GET', '/__emulator/messages');
    expect(missing.status).toBe(400);
    expect(String(missing.body.error)).toMatch(/"userid" is required/);
  });

  it('is cleared by emu.reset() and POST /__emulator/reset; a new seed keeps it', async () => {
    await sendText('kept');
    emu.setSeed(testSeed());
    expect(emu.messages('zhangsan')).toHaveLength(1);
    emu.reset();
    expect(emu.messages('zhangsan')).toEqual([]);
    token = await tokenFor(emu);
    await sendText('again');
    expect((await control(emu, 'POST', '/__emulator/reset')).status).toBe(200);
    expect((await control(emu, 'GET', '/__emulator/messages?userid=zhangsan')).body.messages).toEqual([]);
  });

  it('is guarded like the rest of the control API', async () => {
    await sendText('private');
    const foreign = await raw('/__emulator/messages?userid=zhangsan', { origin: 'https://evil.example.com' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('private');
  });
});

describe('C4 inbox page: GET /__emulator/inbox/<userid>', () => {
  it('is a mobile-friendly HTML page with no scripts or external assets, newest message at the bottom', async () => {
    const ids = [await sendText('第一条 first'), await sendText('第二条 second'), await sendText('第三条 third')];
    const res = await page('/__emulator/inbox/zhangsan');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(res.csp).toMatch(/default-src 'none'/);
    expect(res.csp).not.toMatch(/script-src/);
    expect(res.html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(res.html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(res.html).toContain('张三 (zhangsan)');
    const order = ids.map((id) => res.html.indexOf(`data-msgid="${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('renders text with line breaks and real links (an <a href> tag as in doc 90236, and bare URLs)', async () => {
    await sendExample('text');
    await sendText('see https://example.com/a?b=1&c=2 now');
    const { html } = await page('/__emulator/inbox/zhangsan');
    expect(html).toContain('你的快递已到，请携带工卡前往邮件中心领取。<br>出发前可查看<a href="https://work.weixin.qq.com/" target="_blank" rel="noopener noreferrer">邮件中心视频实况</a>，聪明避开排队。');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.com/a?b=1&amp;c=2</a> now');
  });

  it('renders WeCom’s markdown subset: headings, bold, links, code, quotes and the three font colours', async () => {
    await send({ msgtype: 'markdown', markdown: { content: '# 标题\n**粗体** [链接](https://example.com/x) `code`\n> 引用 <font color="warning">警告</font> <font color="info">信息</font> <font color="comment">注释</font>\n*not italic* <u>u</u>' } });
    const { html } = await page('/__emulator/inbox/zhangsan');
    expect(html).toContain('<div class="md-h1">标题</div>');
    expect(html).toContain('<strong>粗体</strong> <a href="https://example.com/x" target="_blank" rel="noopener noreferrer">链接</a> <code>code</code>');
    expect(html).toContain('<blockquote>引用 <span class="c-warning">警告</span> <span class="c-info">信息</span> <span class="c-comment">注释</span></blockquote>');
    expect(html).toContain('<div>*not italic* &lt;u&gt;u&lt;/u&gt;</div>');
  });

  it('renders a textcard as a card with title, description and the link as a button (btntxt, default 详情)', async () => {
    await sendExample('textcard');
    await send({ msgtype: 'textcard', textcard: { title: '默认按钮', description: 'd', url: 'https://example.com/card' } });
    const { html } = await page('/__emulator/inbox/zhangsan');
    expect(html).toContain('<div class="tc-title">领奖通知</div>');
    expect(html).toContain('<div class="tc-gray">2016年9月26日</div>');
    expect(html).toContain('<div class="tc-highlight">请于2016年10月10日前联系行政同事领取</div>');
    expect(html).toContain('<a class="card-button" href="https://work.weixin.qq.com/" target="_blank" rel="noopener noreferrer">更多 <span aria-hidden="true">›</span></a>');
    expect(html).toContain('<a class="card-button" href="https://example.com/card" target="_blank" rel="noopener noreferrer">详情 <span aria-hidden="true">›</span></a>');
  });

  it('renders a text_notice card: source, main title, emphasis, key/value rows, jump links and the card action', async () => {
    await sendExample('template-card');
    const { html } = await page('/__emulator/inbox/zhangsan');
    expect(html).toContain('<span class="src-black">企业微信</span>');
    expect(html).toContain('<div class="tpl-title">欢迎使用企业微信</div><div class="tpl-desc">您的好友正在邀请您加入企业微信</div>');
    expect(html).toContain('<div class="e-title">100</div><div class="e-desc">核心数据</div>');
    expect(html).toContain('<div class="kv"><span class="k">邀请人</span><span class="v">张三</span></div>');
    expect(html).toContain('<span class="k">企业微信官网</span><span class="v"><a href="https://work.weixin.qq.com/" target="_blank" rel="noopener noreferrer">点击访问</a></span>');
    expect(html).toContain('<a class="jump" href="https://work.weixin.qq.com/" target="_blank" rel="noopener noreferrer">企业微信官网</a>');
    expect(html).toContain('跳转小程序 <small>(小程序 mini program)</small>');
    expect(html).toContain('<a class="card-button" href="https://work.weixin.qq.com/" target="_blank" rel="noopener noreferrer">查看详情');
    expect(html).toContain('企业微信真好用呀真好用');
  });

  it('shows a recalled message as recalled, without its content', async () => {
    const msgid = await sendText('要撤回的内容');
    await postApi(emu, '/cgi-bin/message/recall', { access_token: token }, { msgid });
    const { html } = await page('/__emulator/inbox/zhangsan');
    expect(html).toContain('撤回了一条消息');
    expect(html).not.toContain('要撤回的内容');
  });

  it('escapes all user content: a <script> in text is shown as text, javascript: URLs are never links', async () => {
    await sendText('<script>alert("x")</script> <a href="javascript:alert(1)">tap</a> <img src=x onerror=alert(1)>');
    await send({ msgtype: 'markdown', markdown: { content: '[tap](javascript:alert(1)) **<b>bold</b>** <font color="info" onclick="x">f</font>' } });
    await send({ msgtype: 'textcard', textcard: { title: '"><script>alert(1)</script>', description: '<div class="gray" onclick="x">d</div><iframe>', url: 'javascript:alert(1)', btntxt: '<b>' } });
    await send({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        main_title: { title: '<svg onload=alert(1)>' },
        source: { icon_url: 'javascript:alert(1)', desc: '<i>' },
        horizontal_content_list: [{ type: 1, keyname: 'k"', value: 'v', url: 'javascript:alert(1)' }],
        jump_list: [{ type: 1, title: 'j', url: 'data:text/html,<script>alert(1)</script>' }],
        card_action: { type: 1, url: 'JAVASCRIPT:alert(1)' },
      },
    });
    const { html } = await page('/__emulator/inbox/zhangsan');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;a href=&quot;javascript:alert(1)&quot;&gt;tap&lt;/a&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
    expect(html).not.toMatch(/<(script|img src=x|svg|iframe|b>|i>)/i);
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
  });

  it('keeps the corpId filter and offers auto-refresh', async () => {
    await sendText('x');
    const { html } = await page(`/__emulator/inbox/zhangsan?corpId=${CORP}&refresh=5`);
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).toContain(`<a href="/__emulator/messages?userid=zhangsan&amp;corpId=${CORP}">JSON</a>`);
    expect(html).not.toContain('Other Zhang');
    expect((await page('/__emulator/inbox/zhangsan')).html).not.toContain('http-equiv="refresh"');
  });

  it('shows an empty inbox for a member without messages, 404 for an unknown userid', async () => {
    const empty = await page('/__emulator/inbox/LiSi');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('还没有消息 · No messages yet');
    expect(empty.html).toContain('李四 (lisi)');
    for (const path of ['/__emulator/inbox/ghost', '/__emulator/inbox/', '/__emulator/inbox/%E4%zz', '/__emulator/inbox/a/b']) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.type).toBe('text/html; charset=utf-8');
    }
  });

  it('is reached with a top-level GET (no Origin) and refused to foreign Origins and non-loopback Hosts', async () => {
    await sendText('only for me');
    expect((await raw('/__emulator/inbox/zhangsan', {})).status).toBe(200);
    expect((await raw('/__emulator/inbox/zhangsan', { origin: `http://127.0.0.1:${emu.port}` })).status).toBe(200);
    const foreign = await raw('/__emulator/inbox/zhangsan', { origin: 'https://evil.example.com' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('only for me');
    expect((await raw('/__emulator/inbox/zhangsan', { host: `evil.example.com:${emu.port}` })).status).toBe(403);
    const post = await raw('/__emulator/inbox/zhangsan', {}, 'POST');
    expect(post.status).toBe(405);
    expect(JSON.parse(post.body)).toEqual({ error: 'POST is not supported on /__emulator/inbox/zhangsan', allowed: ['GET /__emulator/inbox/<userid>'] });
  });

  it('is linked from the index page and listed among the control endpoints', async () => {
    const index = await fetch(`${emu.url}/`).then((r) => r.text());
    expect(index).toContain('<a href="/__emulator/inbox/zhangsan">张三</a>');
    const unknown = await control(emu, 'GET', '/__emulator/nope');
    expect(unknown.body.endpoints).toEqual(expect.arrayContaining(['GET /__emulator/messages', 'GET /__emulator/inbox/<userid>']));
  });
});

it('message/send is a WeCom route: not guarded, logged, and open to faults', async () => {
  emu.fault({ path: '/cgi-bin/message/send', errcode: -1 });
  expect((await getApi(emu, '/cgi-bin/message/send', { access_token: token })).errcode).toBe(-1);
  expect(emu.messages('zhangsan')).toEqual([]);
  expect(emu.calls('/cgi-bin/message/send')[0]?.fault).toBe('errcode');
});
