/**
 * Reads a whole directory in as few calls as WeCom allows (docs/wecom-protocol.md C1): `department/list` once,
 * then `user/list` per department, so 1 + the number of departments. With the contact-sync secret the same
 * calls see the whole corp; when that secret is refused from this IP (48009, C0.1), `user/list_id` lists the
 * userids and the app's own token reads departments and members. Framework-free.
 */
import type { WeComClient } from './client';
import type { Department, DirectoryMember } from './directory';
import { WeComApiError } from './errors';

/** The contact-sync tool called from an IP added after 2022-08-15 (C0.1). */
export const CONTACT_SYNC_FORBIDDEN = 48009;

/** Half of WeCom's per-corp, per-API limit of 10,000 a minute (A9), so another job of the corp still fits. */
export const DEFAULT_CALLS_PER_MINUTE = 5_000;

export interface DirectorySnapshot {
  departments: Department[];
  /** One entry per member, by lowercased userid; `departmentIds` is the union of every list they appeared in. */
  members: DirectoryMember[];
  /** WeCom calls made, the token fetches excepted. */
  calls: number;
  /** Whether the contact-sync secret's view was used. */
  wholeCorp: boolean;
}

export interface ReadDirectoryOptions {
  app: WeComClient;
  /** A client with the contact-sync secret (通讯录同步 Secret). */
  contacts?: WeComClient;
  callsPerMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Spaces calls so that no 60-second window holds more than `perMinute` of them. */
class Pacer {
  readonly #stamps: number[] = [];
  calls = 0;
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async call<T>(operation: () => Promise<T>): Promise<T> {
    while (this.#stamps.length >= this.perMinute) {
      const wait = (this.#stamps[0] ?? 0) + 60_000 - this.now();
      if (wait <= 0) this.#stamps.shift();
      else await this.sleep(wait);
    }
    this.#stamps.push(this.now());
    this.calls += 1;
    return operation();
  }
}

function mergeInto(byUserId: Map<string, DirectoryMember>, member: DirectoryMember): void {
  const key = member.userId.toLowerCase();
  const seen = byUserId.get(key);
  if (!seen) {
    byUserId.set(key, { ...member, departmentIds: [...member.departmentIds], leaderInDepartmentIds: [...member.leaderInDepartmentIds] });
    return;
  }
  for (const id of member.departmentIds) if (!seen.departmentIds.includes(id)) seen.departmentIds.push(id);
  for (const id of member.leaderInDepartmentIds) if (!seen.leaderInDepartmentIds.includes(id)) seen.leaderInDepartmentIds.push(id);
}

async function readByDepartment(client: WeComClient, pacer: Pacer): Promise<Pick<DirectorySnapshot, 'departments' | 'members'>> {
  const departments = await pacer.call(() => client.listDepartments());
  const byUserId = new Map<string, DirectoryMember>();
  for (const department of departments) {
    const members = await pacer.call(() => client.listDepartmentMembers(department.id));
    for (const member of members) mergeInto(byUserId, member);
  }
  return { departments, members: [...byUserId.values()] };
}

/** 48009 fallback: the whole corp's userids from the contact-sync tool, each read with the app's token. */
async function readByUserIds(contacts: WeComClient, app: WeComClient, pacer: Pacer): Promise<Pick<DirectorySnapshot, 'departments' | 'members'>> {
  const departments = await pacer.call(() => app.listDepartments());
  const userIds = new Set<string>();
  let cursor = '';
  do {
    const page = await pacer.call(() => contacts.listUserIds(cursor));
    for (const row of page.rows) userIds.add(row.userId);
    cursor = page.nextCursor;
  } while (cursor !== '');
  const byUserId = new Map<string, DirectoryMember>();
  for (const userId of userIds) {
    try {
      mergeInto(byUserId, await pacer.call(() => app.getDirectoryMember(userId)));
    } catch (error) {
      // Outside the app's visible range: the app could not sign them in or message them either.
      if (error instanceof WeComApiError && error.errcode === 60011) continue;
      throw error;
    }
  }
  return { departments, members: [...byUserId.values()] };
}

export async function readDirectory(options: ReadDirectoryOptions): Promise<DirectorySnapshot> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pacer = new Pacer(options.callsPerMinute ?? DEFAULT_CALLS_PER_MINUTE, now, sleep);
  if (options.contacts) {
    try {
      return { ...(await readByDepartment(options.contacts, pacer)), calls: pacer.calls, wholeCorp: true };
    } catch (error) {
      if (!(error instanceof WeComApiError && error.errcode === CONTACT_SYNC_FORBIDDEN)) throw error;
      return { ...(await readByUserIds(options.contacts, options.app, pacer)), calls: pacer.calls, wholeCorp: true };
    }
  }
  return { ...(await readByDepartment(options.app, pacer)), calls: pacer.calls, wholeCorp: false };
}
