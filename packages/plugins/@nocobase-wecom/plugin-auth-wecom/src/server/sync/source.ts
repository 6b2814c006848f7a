/**
 * The `wecom` source type of plugin-user-data-sync. NocoBase's `userData:pull` makes a task, calls `pull()`,
 * applies what it returns and ends the task; the task's message says what the run did.
 */
import type { Application } from '@nocobase/server';
import { describeForAdmin, translate } from '../errors/translate';
import { isWeComError } from '../wecom';
import { applyRecords, PROGRESS_MESSAGE, type ResourceManager } from './apply-records';
import { pullSource, type UserData } from './pull';
import { bindAppliedMembers } from './record-bindings';
import { SyncSetupError } from './settings';
import { SUMMARY_MESSAGE, takeTally, tallyOf } from './tally';

interface SyncSourceInstance {
  get(key: string): unknown;
  getTasks(options: object): Promise<{ get(key: string): unknown; id: number }[]>;
}

interface EndTaskParams {
  taskId: number;
  success: boolean;
  cost?: number;
  message?: string;
}

type Context = Parameters<typeof translate>[0];

type SyncSourceBase = new (config: { sourceInstance: SyncSourceInstance; options: Record<string, unknown>; ctx: Context }) => {
  instance: SyncSourceInstance;
  endTask(params: EndTaskParams): Promise<void>;
};

/** `userDataSyncTasks.message` is a string field: 255 characters on PostgreSQL. */
const MAX_TASK_MESSAGE = 255;

/** A WeCom or setup failure in the language of whoever started the sync, with WeCom's code. */
function explain(ctx: Context, error: unknown): Error {
  if (error instanceof SyncSetupError) return new Error(translate(ctx, error.message, error.params));
  if (isWeComError(error)) {
    const description = describeForAdmin(error);
    return new Error(`${description.code}: ${translate(ctx, description.message, description.params)}`.slice(0, MAX_TASK_MESSAGE));
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * `resourceManager` is plugin-user-data-sync's. `pull()` applies the records itself, in chunks with progress,
 * binding each chunk's members (apply-records.ts), and hands NocoBase's runSync nothing more to apply: same pipeline, same task.
 */
export function weComSyncSourceClass(Base: SyncSourceBase, app: Application, resourceManager: () => ResourceManager) {
  return class WeComSyncSource extends Base {
    declare ctx: Context;

    get sourceName(): string {
      return String(this.instance.get('name'));
    }

    async pull(): Promise<UserData[]> {
      try {
        const name = this.sourceName;
        const { data, authenticator } = await pullSource(app, name);
        const [task] = await this.instance.getTasks({ where: { status: 'processing' }, order: [['id', 'DESC']], limit: 1 });
        await applyRecords(app, resourceManager(), data, {
          afterMembers: (records) => bindAppliedMembers(app, name, authenticator, records, tallyOf(name)),
          progress: async (done, total) => {
            if (!task) return;
            await app.db.getRepository('userDataSyncTasks').update({
              filterByTk: task.get('id') as number,
              values: { message: translate(this.ctx, PROGRESS_MESSAGE, { done: String(done), total: String(total) }) },
            });
          },
        });
        return [];
      } catch (error) {
        takeTally(this.sourceName);
        throw explain(this.ctx, error);
      }
    }

    async endTask(params: EndTaskParams): Promise<void> {
      const tally = takeTally(this.sourceName);
      if (!params.success || !tally) return super.endTask(params);
      const counts = Object.fromEntries(Object.entries(tally).map(([key, value]) => [key, String(value)]));
      return super.endTask({ ...params, message: translate(this.ctx, SUMMARY_MESSAGE, counts).slice(0, MAX_TASK_MESSAGE) });
    }
  };
}
