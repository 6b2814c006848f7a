/** What the sign-in benchmark's WeCom corp (the emulator) and NocoBase app share. */

export const CORP_ID = 'wwsigninbench001';
export const AGENT_ID = '1000002';
export const SECRET = 'signin-bench-secret-0123456789';
/** The authenticator's Origin. WeCom redirects the browser to `<ORIGIN>/api/wecom:callback`; the driver sends that
 * path and query to the server's real address (the mock server has no `/api` prefix), as the tests' harness does. */
export const ORIGIN = 'http://nocobase.bench:13000';
/** The returning member: bound to a NocoBase user before the run. */
export const MEMBER = 'zhangsan';
export const AUTHENTICATOR = 'wecom';
export const PC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

export const EMULATOR_SEED = {
  corps: [
    {
      corpId: CORP_ID,
      apps: [
        {
          agentId: AGENT_ID,
          secret: SECRET,
          name: 'NocoBase',
          createdAt: '2023-03-01T00:00:00+08:00',
          enabled: true,
          trustedDomains: ['nocobase.bench:13000'],
          webLoginDomains: ['nocobase.bench:13000'],
          trustedIps: [],
          visibleUserIds: 'all',
          sensitiveFields: ['mobile', 'email'],
        },
      ],
      departments: [{ id: 1, name: 'Bench Corp', parentid: 0, order: 1 }],
      members: [{ userid: MEMBER, name: '张三', mobile: '13800000001', status: 1, department: [1] }],
    },
  ],
};

/** PostgreSQL as the cluster tests reach it (trust auth). */
export const POSTGRES = { host: '127.0.0.1', port: 5432, username: 'postgres', password: '', database: 'test' };
