/**
 * The link run as a task of plugin-async-task-manager: it shows in NocoBase's task list with its progress,
 * runs on whichever node takes it from the queue, and can be cancelled there (our stop action does so).
 */
import type { Application } from '@nocobase/server';
import { namespace } from '../../constants';
import { describeRun } from './messages';
import { reportOf } from './report';
import { runLinkUsers } from './run';

export const LINK_USERS_TASK_TYPE = 'wecom-link-users';

interface TaskRecord {
  id: string;
  params: { authenticator: string; locale?: string };
}

interface TaskTypeBase {
  record: TaskRecord;
  app: Application;
  abortController: AbortController;
  reportProgress(progress: { total: number; current: number }): void;
}

interface AsyncTaskModule {
  TaskType: new (record: unknown) => TaskTypeBase;
  CancelError: new (message?: string) => Error;
}

export interface AsyncTaskManager {
  registerTaskType(type: unknown): void;
  createTask(data: object, options?: object): Promise<{ record: { id: string } }>;
  cancelTask(taskId: string): Promise<void>;
}

function asyncTaskModule(): AsyncTaskModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nocobase/plugin-async-task-manager') as AsyncTaskModule;
  } catch {
    return undefined;
  }
}

export function taskManagerOf(app: Application): AsyncTaskManager | undefined {
  try {
    return (app.container.get('AsyncTaskManager') as AsyncTaskManager | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A translator for the locale the admin started the run in: the task runs outside their request. */
async function translatorFor(app: Application, locale: string | undefined) {
  const fallback = (message: string, params: Record<string, string> = {}) => message.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
  if (!locale) return fallback;
  try {
    const i18n = await app.localeManager.getI18nInstance(locale);
    await app.localeManager.loadResourcesByLang(locale);
    return (message: string, params: Record<string, string> = {}) =>
      String(i18n.t(message, { ns: namespace, lng: locale, ...params, interpolation: { escapeValue: false } }));
  } catch {
    return fallback;
  }
}

function linkUsersTaskClass(mod: AsyncTaskModule) {
  return class LinkUsersTask extends mod.TaskType {
    static type = LINK_USERS_TASK_TYPE;
    static cancelable = true;

    async execute() {
      const { authenticator, locale } = this.record.params;
      const state = await runLinkUsers(this.app, authenticator, {
        taskId: this.record.id,
        signal: this.abortController.signal,
        progress: (total, current) => this.reportProgress({ total, current }),
      });
      // Cancelled: the manager has marked the task; a result would overwrite that.
      if (state.status === 'stopped') throw new mod.CancelError();
      const t = await translatorFor(this.app, locale);
      const text = describeRun(state, t);
      return { status: state.status, message: `${text.status} ${text.report}`, report: reportOf(state), resumeAt: state.resumeAt };
    }
  };
}

const registered = new WeakSet<object>();

/** Registers the task type once the manager is loaded; without plugin-async-task-manager nothing happens. */
export function registerLinkUsersTask(app: Application): void {
  const register = () => {
    const mod = asyncTaskModule();
    const manager = taskManagerOf(app);
    if (!mod || !manager || registered.has(manager)) return;
    manager.registerTaskType(linkUsersTaskClass(mod));
    registered.add(manager);
  };
  app.on('afterLoad', register);
  app.on('beforeStart', register);
}
