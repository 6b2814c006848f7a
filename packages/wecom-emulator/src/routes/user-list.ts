import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { MemberState, isDepartmentVisible, isVisible, subtree } from '../state/directory';
import { authenticate } from './guard';

/**
 * GET /cgi-bin/user/list and /cgi-bin/user/simplelist ?department_id (A6, A11 #9, C1 (c)).
 * **Direct members only**: `fetch_child=1` is ignored unless the `fetchChild: 'honour'` option is set (older docs).
 * Order: token/IP → 40058 missing or bad department_id → 60003 unknown → 60011 not visible.
 * Members outside the app's visible range are left out; `user/list` follows the 2022 field rule.
 */
function listMembers(ctx: ApiContext, simple: boolean): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  const idText = ctx.query.get('department_id');
  if (!idText || !/^\d{1,10}$/.test(idText)) return invalidParam(ctx, 'department_id');
  const id = Number(idText);
  if (!corp.departments.has(id)) return fail(ctx, 60003);
  if (!isDepartmentVisible(app, id)) return fail(ctx, 60011);
  const fetchChild = ctx.core.behaviour.fetchChild === 'honour' && ctx.query.get('fetch_child') === '1';
  const departmentIds = fetchChild ? subtree(corp, id) : [id];
  const seen = new Set<MemberState>();
  for (const departmentId of departmentIds) {
    for (const m of corp.membersByDepartment.get(departmentId) ?? []) {
      if (isVisible(app, m.seed.userid)) seen.add(m);
    }
  }
  const userlist = [...seen].map((m) => (simple ? m.wire.simple : app.hidesDirectorySensitiveFields ? m.wire.restricted : m.wire.full));
  return ok({ userlist });
}

export const userList = (ctx: ApiContext): ApiReply => listMembers(ctx, false);
export const userSimplelist = (ctx: ApiContext): ApiReply => listMembers(ctx, true);
