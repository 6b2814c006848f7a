import { ApiContext, ApiReply, fail, invalidParam, isReply, ok } from '../http/reply';
import { NormalizedDepartment } from '../seed/types';
import { AppState, CorpState, isDepartmentVisible, isVisible, subtree } from '../state/directory';
import { authenticate } from './guard';

/** Department ids are 32-bit (C4); the query value is digits only. */
const DEPARTMENT_ID = /^\d{1,10}$/;

/**
 * The departments `department/list` and `department/simplelist` return (C1 (a)): with `id`, that department
 * and its whole subtree; without, every department. Either way only those the app can see.
 * Order: 40058 bad id → 60003 unknown → 60011 not visible.
 */
function selectDepartments(ctx: ApiContext, app: AppState, corp: CorpState): NormalizedDepartment[] | ApiReply {
  const idText = ctx.query.get('id');
  let wanted: Set<number> | null = null;
  if (idText) {
    if (!DEPARTMENT_ID.test(idText)) return invalidParam(ctx, 'id');
    const id = Number(idText);
    if (!corp.departments.has(id)) return fail(ctx, 60003);
    if (!isDepartmentVisible(app, id)) return fail(ctx, 60011);
    wanted = new Set(subtree(corp, id));
  }
  return corp.departmentsInOrder.filter((d) => (wanted === null || wanted.has(d.id)) && isDepartmentVisible(app, d.id));
}

/** `department_leader` lists only the leaders the app can see (C1). */
function departmentWire(d: NormalizedDepartment, app: AppState, corp: CorpState): Record<string, unknown> {
  const leaders = (corp.leadersByDepartment.get(d.id) ?? []).filter((m) => isVisible(app, m.seed.userid)).map((m) => m.seed.userid);
  return { id: d.id, name: d.name, name_en: d.nameEn, department_leader: leaders, parentid: d.parentid, order: d.order };
}

/** GET /cgi-bin/department/list[?id] (C1, A11 #8): full department objects. */
export function departmentList(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const selected = selectDepartments(ctx, caller.app, caller.corp);
  if ('kind' in selected) return selected;
  return ok({ department: selected.map((d) => departmentWire(d, caller.app, caller.corp)) });
}

/** GET /cgi-bin/department/simplelist[?id] (C1, doc 95406): `department_id: [{id, parentid, order}]`, same selection. */
export function departmentSimplelist(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const selected = selectDepartments(ctx, caller.app, caller.corp);
  if ('kind' in selected) return selected;
  return ok({ department_id: selected.map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })) });
}

/**
 * GET /cgi-bin/department/get?id (C1, doc 36260): one department.
 * Order: token/IP → 40058 missing or bad id → 60003 unknown → 60011 not visible.
 */
export function departmentGet(ctx: ApiContext): ApiReply {
  const caller = authenticate(ctx);
  if (isReply(caller)) return caller;
  const { app, corp } = caller;
  const idText = ctx.query.get('id');
  if (!idText || !DEPARTMENT_ID.test(idText)) return invalidParam(ctx, 'id');
  const department = corp.departments.get(Number(idText));
  if (!department) return fail(ctx, 60003);
  if (!isDepartmentVisible(app, department.id)) return fail(ctx, 60011);
  return ok({ department: departmentWire(department, app, corp) });
}
