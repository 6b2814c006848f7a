import type { Model } from '@nocobase/database';
import type { Seed } from '@nocobase-wecom/wecom-emulator';
import { AGENT_ID, CORP_ID, SECRET, type Harness } from './harness';

export const CONTACTS_SECRET = 'contacts-secret-0123456789abcdef';
export const SOURCE = 'wecom-directory';
export const EVENT_TOKEN = 'QDG6eK';
export const EVENT_AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

/**
 * A corp for directory syncs: departments three levels below the root, a member in two departments leading
 * one, members without a mobile, a disabled and a departed member, a phone shared by two users (a tie) and
 * the root user's phone.
 */
export function directorySeed(): Seed {
  return {
    corps: [
      {
        corpId: CORP_ID,
        contactsSecret: CONTACTS_SECRET,
        apps: [
          {
            agentId: AGENT_ID,
            secret: SECRET,
            name: 'NocoBase',
            createdAt: '2023-03-01T00:00:00+08:00',
            trustedDomains: ['nocobase.test:13000'],
            webLoginDomains: ['nocobase.test:13000'],
            visibleUserIds: 'all',
          },
        ],
        departments: [
          { id: 1, name: 'Test Corp', parentid: 0, order: 100 },
          { id: 2, name: 'R&D', parentid: 1, order: 90 },
          { id: 3, name: 'Backend', parentid: 2, order: 80 },
          { id: 4, name: 'Platform', parentid: 3, order: 70 },
          { id: 5, name: 'Sales', parentid: 1, order: 60 },
        ],
        members: [
          { userid: 'zhangsan', name: '张三', mobile: '13800000001', email: 'zhangsan@example.com', department: [3, 5], isLeaderInDept: [1, 0], mainDepartment: 3 },
          { userid: 'lisi', name: '李四', mobile: '13800000002', department: [4] },
          { userid: 'wangwu', name: '王五', department: [5] },
          { userid: 'zhaoliu', name: '赵六', mobile: '13800000004', status: 2, department: [2] },
          { userid: 'sunqi', name: '孙七', mobile: '13800000005', status: 5, department: [2] },
          { userid: 'chen', name: '陈', mobile: '13800000009', department: [1] },
          { userid: 'qian', name: '钱', mobile: '13800000010', department: [1] },
          { userid: 'boss', name: '老板', mobile: '13800000099', department: [1] },
        ],
      },
    ],
  } as Seed;
}

export async function createSyncSource(h: Harness, options: Record<string, unknown> = {}) {
  await h.app.db.getRepository('userDataSyncSources').create({
    values: { name: SOURCE, sourceType: 'wecom', displayName: 'WeCom', enabled: true, options: { authenticator: 'wecom', contactsSecret: CONTACTS_SECRET, ...options } },
  });
}

export async function setSourceOptions(h: Harness, options: Record<string, unknown>) {
  const repo = h.app.db.getRepository('userDataSyncSources');
  const row = await repo.findOne({ filter: { name: SOURCE } });
  await repo.update({ filterByTk: row!.get('id') as number, values: { options: { ...(row!.get('options') as object), ...options } } });
}

export interface TaskResult {
  status: string;
  message: string;
}

/** Runs `userData:pull` as the admin does and waits for its task to end. */
export async function runSync(h: Harness, admin: { post(url: string): PromiseLike<{ status: number }> }): Promise<TaskResult> {
  const tasks = h.app.db.getRepository('userDataSyncTasks');
  const before = await tasks.count();
  const response = await admin.post(`/userData:pull?name=${SOURCE}`);
  if (response.status !== 200) throw new Error(`userData:pull answered ${response.status}`);
  for (let i = 0; i < 600; i++) {
    const rows = await tasks.find({ sort: ['-id'], limit: 1 });
    const task = rows[0];
    if ((await tasks.count()) > before && task && task.get('status') !== 'processing' && task.get('status') !== 'init') {
      return { status: String(task.get('status')), message: String(task.get('message') ?? '') };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the sync task did not end');
}

/** Everything a sync may write, to compare before and after a run. */
export async function directoryState(h: Harness) {
  const rows = async (collection: string, fields: string[], sort: string[]) =>
    ((await h.app.db.getRepository(collection).find({ fields, sort })) as Model[]).map((row) => JSON.stringify(fields.map((field) => row.get(field))));
  return {
    users: await rows('users', ['id', 'nickname', 'phone', 'email', 'mainDepartmentId', 'updatedAt'], ['id']),
    bindings: await rows('usersAuthenticators', ['authenticator', 'uuid', 'userId', 'meta', 'updatedAt'], ['userId']),
    departments: await rows('departments', ['id', 'title', 'parentId', 'updatedAt'], ['id']),
    memberships: await rows('departmentsUsers', ['userId', 'departmentId', 'isOwner'], ['userId', 'departmentId']),
    records: await rows('userDataSyncRecords', ['id', 'sourceUk', 'dataType', 'updatedAt'], ['id']),
  };
}
