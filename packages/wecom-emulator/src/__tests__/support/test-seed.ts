import type { Seed } from '../../index';

export const CORP = 'wwtestcorp0000001';
export const OTHER_CORP = 'wwothercorp000001';

/** The main app: created after 2022-06-20, all sensitive fields, zhaoliu outside its visible range. */
export const APP = { agentId: '1000002', secret: 'secret-new-app-000000000000001' };
/** Created in 2021: still sees sensitive fields in user/get; only mobile and gender for getuserdetail. */
export const OLD_APP = { agentId: '1000003', secret: 'secret-old-app-000000000000001' };
export const DISABLED_APP = { agentId: '1000004', secret: 'secret-disabled-000000000000001' };
/** Only callable from 203.0.113.7. */
export const IP_APP = { agentId: '1000005', secret: 'secret-ip-locked-0000000000001' };
/** The corp's contact-sync tool (通讯录同步): whole corp, user/list_id. */
export const CONTACTS = { secret: 'secret-contact-sync-00000000001' };
export const OTHER_APP = { agentId: '1000002', secret: 'secret-other-corp-00000000000001' };

export const TRUSTED = 'app.example.com';
export const TRUSTED_WITH_PORT = '127.0.0.1:13000';
export const WEB_LOGIN_ONLY = 'login.example.com:8443';
export const OLD_TRUSTED = 'old.example.com';
export const NON_MEMBER = { openid: 'oSeededVisitor0000000000000001', externalUserId: 'wmExternal00000000000000000001' };

export function testSeed(): Seed {
  return {
    corps: [
      {
        corpId: CORP,
        contactsSecret: CONTACTS.secret,
        apps: [
          {
            agentId: Number(APP.agentId),
            secret: APP.secret,
            name: '测试应用 Test app',
            createdAt: '2024-05-01T09:00:00+08:00',
            trustedDomains: [TRUSTED, TRUSTED_WITH_PORT],
            webLoginDomains: [WEB_LOGIN_ONLY],
            visibleUserIds: ['zhangsan', 'lisi', 'wangwu', 'sunqi'],
            sensitiveFields: ['mobile', 'email', 'biz_mail', 'avatar', 'gender', 'address', 'qr_code'],
          },
          {
            agentId: OLD_APP.agentId,
            secret: OLD_APP.secret,
            name: 'Old app',
            createdAt: '2021-03-01T00:00:00+08:00',
            trustedDomains: [OLD_TRUSTED],
            visibleUserIds: 'all',
            sensitiveFields: ['mobile', 'gender'],
          },
          { agentId: DISABLED_APP.agentId, secret: DISABLED_APP.secret, enabled: false, trustedDomains: [TRUSTED], webLoginDomains: [TRUSTED] },
          { agentId: IP_APP.agentId, secret: IP_APP.secret, trustedIps: ['203.0.113.7'], trustedDomains: [TRUSTED] },
        ],
        departments: [
          { id: 1, name: '测试公司', nameEn: 'Test Corp', parentid: 0, order: 100000000 },
          { id: 2, name: '研发部', nameEn: 'R&D', parentid: 1, order: 99999000 },
          { id: 3, name: '销售部', parentid: 1, order: 99998000 },
          { id: 4, name: '前端组', parentid: 2, order: 1 },
          { id: 5, name: '隐藏部门', parentid: 1, order: 1 },
        ],
        members: [
          {
            userid: 'zhangsan',
            name: '张三',
            mobile: '13800000001',
            email: 'zhangsan@example.com',
            bizMail: 'zhangsan@test.wecom.work',
            avatar: 'https://wework.qpic.cn/wwpic/zhangsan/0',
            gender: 1,
            department: [2],
            address: '广州市海珠区新港中路',
          },
          { userid: 'lisi', name: '李四', mobile: '13800000002', email: 'lisi@example.com', gender: '2', department: [3] },
          { userid: 'wangwu', name: '王五', mobile: '13800000003', status: 2, department: [2] },
          { userid: 'zhaoliu', name: '赵六', mobile: '13800000004', department: [5] },
          { userid: 'sunqi', name: '孙七', mobile: '13800000005', department: [4, 3] },
        ],
      },
      {
        corpId: OTHER_CORP,
        apps: [{ agentId: OTHER_APP.agentId, secret: OTHER_APP.secret, trustedDomains: [TRUSTED] }],
        members: [{ userid: 'zhangsan', name: 'Other Zhang' }],
      },
    ],
    nonMembers: [NON_MEMBER],
  };
}
