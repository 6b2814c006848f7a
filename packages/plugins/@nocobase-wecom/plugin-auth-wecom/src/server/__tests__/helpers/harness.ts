import { startWeComEmulator, type Seed, type WeComEmulator } from '@nocobase-wecom/wecom-emulator';
import { createMockServer, type MockServer } from '@nocobase/test';
import PluginAuthWeComServer from '../..';
import { namespace } from '../../../constants';

export const CORP_ID = 'wwtest0000000001';
export const AGENT_ID = '1000002';
/** An app created before 2022-06-20: `user/get` still returns the mobile. */
export const LEGACY_AGENT_ID = '1000003';
export const SECRET = 'test-secret-0123456789abcdef';
export const LEGACY_SECRET = 'legacy-secret-0123456789abcdef';
export const ORIGIN = 'http://nocobase.test:13000';
export const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh';
export const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40 NetType/WIFI';
export const PC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

const app = (agentId: string, secret: string, createdAt: string) => ({
  agentId,
  secret,
  name: 'NocoBase',
  createdAt,
  enabled: true,
  trustedDomains: ['nocobase.test:13000'],
  webLoginDomains: ['nocobase.test:13000'],
  trustedIps: [],
  visibleUserIds: ['zhangsan', 'lisi', 'wangwu', 'sunqi', 'zhouba', 'wujiu', 'zhengshi', 'chen', 'qian'],
  sensitiveFields: ['mobile', 'email', 'biz_mail', 'avatar', 'gender', 'address', 'qr_code'],
});

export function testSeed(): Seed {
  return {
    corps: [
      {
        corpId: CORP_ID,
        apps: [app(AGENT_ID, SECRET, '2023-03-01T00:00:00+08:00'), app(LEGACY_AGENT_ID, LEGACY_SECRET, '2021-05-01T00:00:00+08:00')],
        departments: [{ id: 1, name: 'Test Corp', parentid: 0, order: 1 }],
        members: [
          { userid: 'zhangsan', name: '张三', mobile: '13800000001', email: 'zhangsan@example.com', status: 1, department: [1] },
          { userid: 'lisi', name: '李四', mobile: '13800000002', status: 1, department: [1] },
          { userid: 'wangwu', name: '王五', mobile: '13800000003', status: 1, department: [1] },
          { userid: 'zhaoliu', name: '赵六', mobile: '13800000004', status: 1, department: [1] },
          { userid: 'sunqi', name: '孙七', mobile: '13800000005', status: 1, department: [1] },
          { userid: 'zhouba', name: '周八', mobile: '13800000006', status: 1, department: [1] },
          { userid: 'wujiu', name: '吴九', mobile: '13800000007', status: 1, department: [1] },
          { userid: 'zhengshi', name: '郑十', mobile: '13800000008', bizMail: 'zhengshi@corp.example.com', status: 1, department: [1] },
          { userid: 'chen', name: '陈', mobile: '13800000009', status: 1, department: [1] },
          { userid: 'qian', name: '钱', mobile: '13800000010', status: 1, department: [1] },
        ],
      },
    ],
    nonMembers: [{ openid: 'oTestWeChatUser0001' }],
  } as Seed;
}

export interface Harness {
  app: MockServer;
  emulator: WeComEmulator;
  close(): Promise<void>;
}

/** `plugins`: more NocoBase plugins by name (e.g. `notification-manager`), added before ours; `seed`: the emulator's. */
export async function startHarness(options: { acl?: boolean; plugins?: string[]; seed?: Seed } = {}): Promise<Harness> {
  const emulator = await startWeComEmulator({ seed: options.seed ?? testSeed() });
  const app = await createMockServer({
    acl: options.acl,
    plugins: ['field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'system-settings', ...(options.plugins ?? []), PluginAuthWeComServer],
  });
  // NocoBase finds a plugin's locale files by its package name, which it only knows when it adds the plugin by
  // name (that would load the built dist/). Added as a class, the plugin is told its name so `ctx.t` translates.
  const plugin = app.pm.get(PluginAuthWeComServer);
  if (plugin) plugin.options.packageName = namespace;
  return {
    app,
    emulator,
    close: async () => {
      await app.destroy();
      await emulator.close();
    },
  };
}

export interface AuthenticatorSettings {
  name?: string;
  enabled?: boolean;
  matchByPhone?: boolean;
  public?: Record<string, unknown>;
  wecom?: Record<string, unknown>;
}

export function wecomOptions(emulator: WeComEmulator, settings: AuthenticatorSettings = {}) {
  return {
    public: { autoSignup: true, ...settings.public },
    wecom: {
      corpId: CORP_ID,
      agentId: AGENT_ID,
      secret: SECRET,
      origin: ORIGIN,
      apiBaseUrl: emulator.url,
      oauthBaseUrl: emulator.url,
      webLoginBaseUrl: emulator.url,
      ...settings.wecom,
    },
    ...(settings.matchByPhone === undefined ? {} : { matchByPhone: settings.matchByPhone }),
  };
}

/** Written straight to the database (no save validation), as a seed script would. */
export async function createAuthenticator(harness: Harness, settings: AuthenticatorSettings = {}) {
  const name = settings.name ?? 'wecom';
  await harness.app.db.getRepository('authenticators').create({
    values: { name, authType: 'WeCom', enabled: settings.enabled ?? true, options: wecomOptions(harness.emulator, settings) },
  });
  return name;
}

/** What NocoBase's request logger writes for each request: the action with its params, after it ran. */
export function recordRequestLog(app: MockServer): string[] {
  const logged: string[] = [];
  app.resourceManager.use(
    async (ctx: { action?: { toJSON?: () => unknown } }, next: () => Promise<void>) => {
      try {
        await next();
      } finally {
        logged.push(JSON.stringify(ctx.action?.toJSON?.() ?? {}));
      }
    },
    { tag: 'test-request-log', before: 'acl' },
  );
  return logged;
}
