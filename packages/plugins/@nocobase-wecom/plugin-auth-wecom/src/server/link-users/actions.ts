/**
 * Admin actions of "Link existing users": `wecom:linkUsers` starts or resumes a run, `wecom:linkUsersStatus`
 * tells where it is, `wecom:stopLinkUsers` stops it. Registered with the authenticators' ACL snippet.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Next } from '@nocobase/actions';
import { param } from '../actions/params';
import { adminAuthenticator } from '../authenticators';
import { currentLocale, translate } from '../errors/translate';
import { isConfigured } from '../options';
import { plainRows } from '../sync/plain-rows';
import { allowedFailures } from './budget';
import { LINK_MESSAGES, describeRun } from './messages';
import { reportOf } from './report';
import { isLive, loadRun, newRun, requestStop, saveRun, stopRequested, type RunState } from './state';
import { LINK_USERS_TASK_TYPE, taskManagerOf } from './task';

const MAX_SEATS = 1_000_000;

async function authenticatorOf(ctx: Context) {
  const found = await adminAuthenticator(ctx, param(ctx, 'authenticator'));
  if (!found) ctx.throw(404, translate(ctx, LINK_MESSAGES.notFound));
  return found;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A lower bound of the corp's seats: the members NocoBase already knows for this authenticator. */
async function knownMembers(ctx: Context, authenticator: string): Promise<number> {
  const bound = await ctx.db.getRepository('usersAuthenticators').count({ filter: { authenticator } });
  let synced = 0;
  if (ctx.db.getCollection('userDataSyncRecords')) synced = (await plainRows(ctx.db, 'userDataSyncRecords', { dataType: 'user' }, ['id'])).length;
  return Math.max(bound, synced);
}

/** A run stopped before its task started never says so itself: the manager dropped the task. */
const STOPPED_QUIET_MS = 30_000;

async function stillRunning(ctx: Context, authenticator: string, state: RunState): Promise<boolean> {
  if (!isLive(state, Date.now())) return false;
  return !((await stopRequested(ctx.app, authenticator, state.taskId)) && Date.now() - state.heartbeat > STOPPED_QUIET_MS);
}

async function statusBody(ctx: Context, authenticator: string) {
  const state = await loadRun(ctx.app, authenticator);
  const seats = state?.seats ?? ((await knownMembers(ctx, authenticator)) || undefined);
  const base = { suggestedSeats: seats, allowedFailures: seats ? allowedFailures(seats) : 0 };
  if (!state) return { ...base, status: 'idle' };
  const shown: RunState = state.status === 'running' && !(await stillRunning(ctx, authenticator, state)) ? { ...state, status: 'stopped' } : state;
  const text = describeRun(shown, (message, params) => translate(ctx, message, params));
  return {
    ...base,
    status: shown.status,
    includeAdmins: shown.includeAdmins,
    seats: shown.seats,
    report: reportOf(shown),
    resumeAt: shown.resumeAt ? new Date(shown.resumeAt).toISOString() : undefined,
    message: text.status,
    reportText: text.report,
    canResume: ['stopped', 'paused', 'failed'].includes(shown.status),
  };
}

/** `POST wecom:linkUsers { authenticator, seats, includeAdmins, resume }`. */
export async function linkUsers(ctx: Context, next: Next) {
  const { name, options } = await authenticatorOf(ctx);
  if (!isConfigured(options)) ctx.throw(400, translate(ctx, LINK_MESSAGES.notConfigured));
  const seats = Number(param(ctx, 'seats'));
  if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS) ctx.throw(400, translate(ctx, LINK_MESSAGES.badSeats));
  const manager = taskManagerOf(ctx.app);
  if (!manager) ctx.throw(400, translate(ctx, LINK_MESSAGES.noTaskManager));
  const includeAdmins = flag(param(ctx, 'includeAdmins'));
  const resume = flag(param(ctx, 'resume'));
  const taskId = randomUUID();
  const refusal = await ctx.app.lockManager.runExclusive(`wecom:link-users:${name}`, async () => {
    const previous = await loadRun(ctx.app, name);
    if (isLive(previous, Date.now())) return LINK_MESSAGES.busy;
    if (resume && (!previous || previous.status === 'done')) return LINK_MESSAGES.nothingToResume;
    const state: RunState =
      resume && previous
        ? { ...previous, taskId, status: 'running', seats, includeAdmins, heartbeat: Date.now(), resumeAt: undefined, error: undefined }
        : newRun(taskId, { includeAdmins, seats }, Date.now());
    await saveRun(ctx.app, name, state);
    return undefined;
  }, 10_000);
  if (refusal) ctx.throw(409, translate(ctx, refusal));
  const userId = ctx.state?.currentUser?.id ?? ctx.auth?.user?.id;
  try {
    await manager.createTask(
      {
        id: taskId,
        origin: 'wecom',
        type: LINK_USERS_TASK_TYPE,
        title: translate(ctx, LINK_MESSAGES.title),
        params: { authenticator: name, locale: currentLocale(ctx) },
        createdById: userId,
      },
      { useQueue: true, context: ctx },
    );
  } catch (error) {
    // No task will ever run it: the run must not look alive.
    const state = await loadRun(ctx.app, name);
    if (state?.taskId === taskId) await saveRun(ctx.app, name, { ...state, status: 'stopped' });
    throw error;
  }
  ctx.body = await statusBody(ctx, name);
  await next();
}

/** `GET wecom:linkUsersStatus { authenticator }`. */
export async function linkUsersStatus(ctx: Context, next: Next) {
  const { name } = await authenticatorOf(ctx);
  ctx.body = await statusBody(ctx, name);
  await next();
}

/** `POST wecom:stopLinkUsers { authenticator }`: the run stops after the user it is on. */
export async function stopLinkUsers(ctx: Context, next: Next) {
  const { name } = await authenticatorOf(ctx);
  const state = await loadRun(ctx.app, name);
  if (state?.status === 'running') {
    await requestStop(ctx.app, name, state.taskId);
    await taskManagerOf(ctx.app)?.cancelTask(state.taskId).catch(() => undefined);
    if (!isLive(state, Date.now())) await saveRun(ctx.app, name, { ...state, status: 'stopped' });
  }
  ctx.body = await statusBody(ctx, name);
  await next();
}
