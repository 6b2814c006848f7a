import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { isDepartmentVisible, subtree } from '../state/directory';
import { authenticate } from './guard';

/**
 * GET /cgi-bin/department/list[?id] (A6, A11 #8): the department and everything below it, or all
 * departments, limited to those the app can see. Order: token/IP → 40058 bad id → 60003 unknown → 60011.
 */
export function departmentList(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  const idText = ctx.query.get('id');
  let wanted: Set<number> | null = null;
  if (idText) {
    if (!/^\d{1,10}$/.test(idText)) return invalidParam(ctx, 'id');
    const id = Number(idText);
    if (!corp.departments.has(id)) return fail(ctx, 60003);
    if (!isDepartmentVisible(app, id)) return fail(ctx, 60011);
    wanted = new Set(subtree(corp, id));
  }
  const department = corp.departmentsInOrder
    .filter((d) => (wanted === null || wanted.has(d.id)) && isDepartmentVisible(app, d.id))
    .map((d) => ({ id: d.id, name: d.name, name_en: d.nameEn, department_leader: [], parentid: d.parentid, order: d.order }));
  return ok({ department });
}
