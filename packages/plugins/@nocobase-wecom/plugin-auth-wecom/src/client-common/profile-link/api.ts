import { unwrap, type ApiLike } from '../host';

/** One enabled WeCom sign-in method and whether the signed-in user is linked to a member through it. */
export interface MyBinding {
  authenticator: string;
  title: string;
  linked: boolean;
  memberId?: string;
  memberName?: string;
}

/** The binding the profile shows: the one linked, else the first WeCom sign-in method; none when there is none. */
export async function readMyBinding(api: ApiLike): Promise<MyBinding | undefined> {
  const response = await api.request({ url: 'wecom:myBinding', method: 'get', skipNotify: true });
  const list = unwrap<unknown>(response);
  if (!Array.isArray(list)) return undefined;
  const bindings = list as MyBinding[];
  return bindings.find((binding) => binding.linked) ?? bindings[0];
}

/** WeCom's page that links the member who confirms there to the signed-in user; back to `redirect` afterwards. */
export async function linkUrl(api: ApiLike, authenticator: string, redirect: string, locale?: string): Promise<string> {
  const response = await api.request({
    url: 'wecom:getLinkUrl',
    method: 'post',
    data: { authenticator, redirect },
    headers: locale ? { 'X-Locale': locale } : undefined,
    skipNotify: true,
  });
  const url = unwrap<{ url?: unknown }>(response)?.url;
  if (typeof url !== 'string') throw new Error('wecom:getLinkUrl returned no URL');
  return url;
}

export async function unlinkWeCom(api: ApiLike, authenticator: string): Promise<void> {
  await api.request({ url: 'wecom:unlink', method: 'post', data: { authenticator }, skipNotify: true });
}

/** One row of the admins' list of WeCom links. */
export interface UserBinding {
  authenticator: string;
  userId: string;
  memberId: string;
  memberName: string;
  linkedAt?: string;
  nickname: string | null;
  username: string | null;
  email: string | null;
}

export async function listBindings(api: ApiLike, page: number, pageSize: number): Promise<{ rows: UserBinding[]; count: number }> {
  const response = await api.request({
    url: 'wecom:listBindings',
    method: 'get',
    params: { page: String(page), pageSize: String(pageSize) },
    skipNotify: true,
  });
  const body = response?.data as { data?: unknown; meta?: { count?: unknown } } | undefined;
  const rows = Array.isArray(body?.data) ? (body?.data as UserBinding[]) : [];
  return { rows, count: typeof body?.meta?.count === 'number' ? body.meta.count : rows.length };
}

export async function unlinkUser(api: ApiLike, authenticator: string, userId: string): Promise<void> {
  await api.request({ url: 'wecom:unlinkUser', method: 'post', data: { authenticator, userId }, skipNotify: true });
}
