import { Agent, request } from 'node:http';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RawResponse {
  status: number;
  marker: string | undefined;
  body: string;
}

/** A request with the path sent exactly as given (no URL normalisation), so malformed escapes reach the server. */
export function rawRequest(agent: Agent, base: URL, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const marker = res.headers['x-wecom-emulator'];
        resolve({ status: res.statusCode ?? 0, marker: Array.isArray(marker) ? marker[0] : marker, body: text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface FuzzCase {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
  /** Set when the case arms a fault of this kind (through the control API). */
  injects?: 'httpStatus5xx' | 'reset' | 'other';
}

const API_PATHS = [
  '/cgi-bin/gettoken',
  '/cgi-bin/auth/getuserinfo',
  '/cgi-bin/user/getuserinfo',
  '/cgi-bin/auth/getuserdetail',
  '/cgi-bin/user/getuserdetail',
  '/cgi-bin/user/get',
  '/cgi-bin/user/getuserid',
  '/cgi-bin/user/get_userid_by_email',
  '/cgi-bin/department/list',
  '/cgi-bin/department/simplelist',
  '/cgi-bin/department/get',
  '/cgi-bin/user/list_id',
  '/cgi-bin/user/list',
  '/cgi-bin/user/simplelist',
  '/cgi-bin/get_jsapi_ticket',
  '/cgi-bin/ticket/get',
  '/connect/oauth2/authorize',
  '/wwlogin/sso/login',
  '/wwopen/sso/qrConnect',
  '/cgi-bin/message/send',
  '/cgi-bin/message/recall',
  '/cgi-bin/unknown/api',
  '/',
  '/nope',
];
const CONTROL = ['/__emulator/seed', '/__emulator/calls', '/__emulator/faults', '/__emulator/clock', '/__emulator/tokens/revoke', '/__emulator/codes', '/__emulator/config', '/__emulator/messages', '/__emulator/inbox/zhangsan', '/__emulator/inbox/', '/__emulator/x'];
const KEYS = ['access_token', 'code', 'corpid', 'corpsecret', 'userid', 'appid', 'agentid', 'redirect_uri', 'response_type', 'scope', 'state', 'login_type', 'emulator_userid', 'emulator_consent', 'emulator_action', 'emulator_openid', 'department_id', 'id', 'fetch_child', 'cursor', 'limit', 'type', 'path', 'errcode', 'method', 'keepSessions', 'corpId', 'refresh'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'];
const USER_AGENTS = ['', 'curl/8', 'Mozilla/5.0 wxwork/4.1.30 MicroMessenger/7.0.1', 'Mozilla/5.0 MicroMessenger/8.0.49', 'wxwork/', '\u0000'];

export interface FuzzValues {
  token: string;
  /** A contact-sync token (user/list_id, whole-corp reads); optional. */
  syncToken?: string;
  corpId: string;
  secret: string;
  agentId: string;
  redirectUri: string;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function junk(rand: () => number): string {
  const pieces = ['%', '%zz', '%E4%B8', '%00', '\u4e2d\u6587', '../', '#', '&&', '=', '+', ' ', '"', "'", '<script>', '\\', '😀', '%FF%FE', '?', ';', '0x1f'];
  let s = '';
  const n = Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) s += rand() < 0.5 ? pick(rand, pieces) : Math.floor(rand() * 1e6).toString(36);
  return s;
}

function value(rand: () => number, v: FuzzValues): string {
  const choices = [
    v.token,
    v.syncToken ?? v.token,
    v.corpId,
    v.secret,
    v.agentId,
    v.redirectUri,
    'zhangsan',
    'wangwu',
    'zhaoliu',
    'snsapi_base',
    'snsapi_privateinfo',
    'CorpApp',
    'code',
    '1',
    '0',
    '-1',
    '99999999999999999999',
    '',
    'x'.repeat(Math.floor(rand() * 3000)),
  ];
  return rand() < 0.7 ? encodeURIComponent(pick(rand, choices)) : junk(rand);
}

function jsonBody(rand: () => number, v: FuzzValues): string {
  const bodies: Array<() => unknown> = [
    () => ({}),
    () => ({ user_ticket: rand() < 0.5 ? 'nope' : junk(rand) }),
    () => ({ userid: pick(rand, ['zhangsan', 'zhaoliu', '', 5, null]) }),
    () => ({ mobile: pick(rand, ['13800000001', '1', 13800000001, '', '+86-138']) }),
    () => ({ email: pick(rand, ['zhangsan@example.com', 'x', 5]), email_type: pick(rand, [1, 2, 3, '1']) }),
    () => ({ path: pick(rand, API_PATHS), errcode: pick(rand, [-1, 45009, 0, 'x']), times: pick(rand, [1, 2, 0, -3]) }),
    () => ({ path: pick(rand, API_PATHS), delayMs: Math.floor(rand() * 20) }),
    () => ({ advanceSeconds: pick(rand, [1, 0, -1, 'x', 1e12, Number.MAX_VALUE]) }),
    () => ({ corpId: v.corpId, agentId: pick(rand, [v.agentId, 'x', 1]), userid: pick(rand, ['zhangsan', 'ghost']), count: pick(rand, [1, 3, 0, 1e9]) }),
    () => ({ corps: pick(rand, [[], 'x', [{ corpId: junk(rand) }], [{ corpId: 'wwfuzz', apps: [{ agentId: 1, secret: 's' }] }]]) }),
    () => ({ tokenTtlSeconds: pick(rand, [1, 'x', -1]), unknownOption: true }),
    () => [1, 2, 3],
    () => 'a string',
    () => 42,
    () => null,
    () => ({ a: { b: { c: { d: [junk(rand), { e: junk(rand) }] } } } }),
    () => ({
      touser: pick(rand, ['zhangsan', 'ZhangSan|ghost', '@all', '', junk(rand), 5]),
      toparty: pick(rand, [undefined, '1', '2|x', junk(rand)]),
      totag: pick(rand, [undefined, '1', junk(rand)]),
      agentid: pick(rand, [Number(v.agentId), v.agentId, 'x', undefined, 1]),
      msgtype: pick(rand, ['text', 'markdown', 'textcard', 'template_card', 'news', 'x', undefined]),
      text: { content: pick(rand, ['hi', '', junk(rand), '中'.repeat(1100)]) },
      markdown: { content: `**${junk(rand)}** [x](${junk(rand)}) <font color="info">${junk(rand)}</font>` },
      textcard: { title: junk(rand), description: junk(rand), url: pick(rand, ['https://a.example', junk(rand)]) },
      template_card: { card_type: pick(rand, ['text_notice', 'button_interaction', junk(rand)]), main_title: { title: junk(rand) }, card_action: { type: 1, url: junk(rand) }, task_id: junk(rand) },
      enable_duplicate_check: pick(rand, [0, 1]),
    }),
    () => ({ msgid: pick(rand, ['', junk(rand), 5]) }),
    () => ({ cursor: pick(rand, [undefined, '', 'bzo0', junk(rand), 5]), limit: pick(rand, [1, 3, 10_000, 0, 10_001, '2', undefined]) }),
  ];
  const raw = JSON.stringify(pick(rand, bodies)());
  const r = rand();
  if (r < 0.1) return raw.slice(0, Math.floor(rand() * raw.length));
  if (r < 0.15) return junk(rand);
  if (r < 0.17) return 'y'.repeat(2_000_000);
  return raw;
}

export function fuzzCase(rand: () => number, v: FuzzValues): FuzzCase {
  const r = rand();
  if (r < 0.06) {
    // Arm a fault through the control API (small delays only, so the run stays short).
    const path = pick(rand, API_PATHS.slice(0, 18));
    const kind = rand();
    if (kind < 0.3) return { method: 'POST', path: '/__emulator/faults', headers: {}, body: JSON.stringify({ path, httpStatus: 500 + Math.floor(rand() * 5) }), injects: 'httpStatus5xx' };
    if (kind < 0.4) return { method: 'POST', path: '/__emulator/faults', headers: {}, body: JSON.stringify({ path, reset: true }), injects: 'reset' };
    return { method: 'POST', path: '/__emulator/faults', headers: {}, body: JSON.stringify({ path, errcode: pick(rand, [-1, 45009, 45033]), delayMs: Math.floor(rand() * 10) }), injects: 'other' };
  }
  if (r < 0.12) {
    // A nearly well-formed login, so the redirect paths get fuzzed too.
    const who = pick(rand, ['emulator_userid=zhangsan', 'emulator_userid=wangwu', 'emulator_userid=zhaoliu', 'emulator_userid=ghost', 'emulator_action=deny', '']);
    const common = `appid=${v.corpId}&agentid=${v.agentId}&redirect_uri=${encodeURIComponent(v.redirectUri)}&state=${pick(rand, ['S1', '', 'bad-state%21'])}&${who}`;
    const page = pick(rand, [
      `/wwlogin/sso/login?login_type=CorpApp&${common}`,
      `/wwopen/sso/qrConnect?${common}`,
      `/connect/oauth2/authorize?response_type=code&scope=${pick(rand, ['snsapi_base', 'snsapi_privateinfo'])}&emulator_consent=1&${common}`,
    ]);
    return { method: 'GET', path: page, headers: { 'user-agent': pick(rand, USER_AGENTS.slice(1, 5)) } };
  }
  const control = r < 0.3;
  let path = control ? pick(rand, CONTROL) : pick(rand, API_PATHS);
  if (rand() < 0.05) path += junk(rand).replace(/[?#]/g, '').replace(/[^\u0021-\u007e]/gu, (ch) => encodeURIComponent(ch));
  const pairs: string[] = [];
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) pairs.push(`${rand() < 0.9 ? pick(rand, KEYS) : junk(rand)}=${value(rand, v)}`);
  if (rand() < 0.05) pairs.push(junk(rand));
  // Node refuses to send characters outside \u0021-\u00ff in a path; encode those and keep malformed escapes.
  const query = pairs.join('&').replace(/#/g, '').replace(/[^\u0021-\u007e]/gu, (ch) => encodeURIComponent(ch));
  const method = pick(rand, METHODS);
  const headers: Record<string, string> = {};
  const ua = pick(rand, USER_AGENTS);
  if (ua !== '' && ua !== '\u0000') headers['user-agent'] = ua;
  if (rand() < 0.2) headers.cookie = `emulator_userid=${pick(rand, ['zhangsan', '%E4', 'ghost', ''])}`;
  const withBody = method === 'POST' || method === 'PUT' || (method === 'DELETE' && rand() < 0.3);
  return { method, path: query === '' ? path : `${path}?${query}`, headers, ...(withBody && { body: jsonBody(rand, v) }) };
}
