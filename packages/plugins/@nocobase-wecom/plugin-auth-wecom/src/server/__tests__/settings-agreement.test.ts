import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHENTICATOR_FIELDS } from '../../common/settings/authenticator';
import { checkField } from '../../common/settings/model';
import { wecomOptions, startHarness, type Harness } from './helpers/harness';

type FieldName = (typeof AUTHENTICATOR_FIELDS)[number]['name'];

/** Inputs an admin might type; each row goes through the form's check and through a real save. */
const ROWS: Array<[FieldName, unknown]> = [
  ['origin', 'https://example.com'],
  ['origin', 'https://example.com/'],
  ['origin', 'http://127.0.0.1:13000'],
  ['origin', 'https://example.com/app'],
  ['origin', 'https://example.com?x=1'],
  ['origin', 'https://example.com#x'],
  ['origin', 'https://user:pass@example.com'],
  ['origin', 'example.com'],
  ['origin', 'ftp://example.com'],
  ['origin', '   '],
  ['redirectPath', '/m'],
  ['redirectPath', '/admin/x?tab=1'],
  ['redirectPath', ''],
  ['redirectPath', 'm'],
  ['redirectPath', '//evil.example.com'],
  ['redirectPath', '/\\evil.example.com'],
  ['redirectPath', '/%2F%2Fevil.example.com'],
  ['redirectPath', '/api/users:destroy'],
  ['redirectPath', '/admin/../api/x'],
  ['redirectPath', '/admin/%2e%2e/x'],
  ['redirectPath', '/admin\tx'],
  ['redirectPath', '/storage/uploads/a.html'],
  ['apiBaseUrl', 'http://127.0.0.1:13001'],
  ['apiBaseUrl', 'qyapi.weixin.qq.com'],
  ['apiBaseUrl', 'javascript:alert(1)'],
  ['oauthBaseUrl', 'https://open.weixin.qq.com'],
  ['webLoginBaseUrl', 'not a url'],
  ['corpId', ''],
  ['corpId', '  '],
  ['corpId', 'ww1'],
  ['agentId', 1000002],
  ['agentId', ''],
  ['secret', ''],
];

function withValue(base: ReturnType<typeof wecomOptions>, name: FieldName, value: unknown) {
  const field = AUTHENTICATOR_FIELDS.find((item) => item.name === name)!;
  const options = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, unknown>>;
  const [group, key] = field.path.length === 2 ? field.path : ['', field.path[0]];
  if (group) options[group] = { ...options[group], [key]: value };
  else (options as Record<string, unknown>)[key] = value;
  return { field, options };
}

describe('the settings form and the server agree on every input', () => {
  let h: Harness;
  let admin: ReturnType<Harness['app']['agent']>;

  beforeAll(async () => {
    h = await startHarness({ acl: true });
    const root = await h.app.db.getRepository('users').findOne({ filter: { email: process.env.INIT_ROOT_EMAIL ?? 'admin@nocobase.com' } });
    admin = await h.app.agent().login(root, 'root');
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each(ROWS.map((row, index) => [index, ...row] as const))('row %i: %s = %j', async (index, name, value) => {
    const { field, options } = withValue(wecomOptions(h.emulator), name, value);
    const clientRefuses = checkField(field, value, {}) !== undefined;
    const saved = await admin.resource('authenticators').create({ values: { name: `agree-${index}`, authType: 'WeCom', enabled: false, options } });
    const serverRefuses = saved.status === 400;
    expect(saved.status === 200 || saved.status === 400, saved.text).toBe(true);
    expect(serverRefuses, `client ${clientRefuses ? 'refuses' : 'accepts'}, server answered ${saved.status}: ${saved.text}`).toBe(clientRefuses);
  });
});
