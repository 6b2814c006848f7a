import { namespace } from '../../constants';
import { hostModule, type AppWithRequireJs } from '../host-modules';
import type { WeComHost } from '../host';
import { profileLinkItemModel, type UserCenterActionItem } from './item-model';

type ItemClass = abstract new (...args: never[]) => UserCenterActionItem;

interface AppWithFlowEngine {
  flowEngine: { registerModels(models: Record<string, unknown>): void; getModelClass?(name: string): unknown };
  i18n: { t(key: string, options?: Record<string, unknown>): string };
}

/**
 * Registers the user center's WeCom entry. Both UIs of NocoBase 2.2 build the avatar dropdown from flow models,
 * and find its items as subclasses of their own `UserCenterItemModel`: the base class must be the lane's own.
 * The classic page loads `@nocobase/client-v2` too, whose class of the same name is a different one, so each
 * lane names its module. Without the class (an older NocoBase) there is no entry, and nothing else breaks.
 */
export async function registerProfileLinkItem<App extends AppWithFlowEngine>(
  app: App,
  hostOf: (app: App) => WeComHost,
  laneModule: '@nocobase/client' | '@nocobase/client-v2',
): Promise<boolean> {
  const registered = app.flowEngine.getModelClass?.('UserCenterActionItemModel');
  const Base =
    (typeof registered === 'function' ? registered : undefined) ??
    (await hostModule<{ UserCenterActionItemModel?: unknown }>(app as unknown as AppWithRequireJs, laneModule))?.UserCenterActionItemModel;
  if (typeof Base !== 'function') return false;
  const WeComProfileLinkItemModel = profileLinkItemModel(Base as ItemClass, hostOf(app), (key, options) =>
    app.i18n.t(key, { ns: [namespace, 'client'], ...options }),
  );
  app.flowEngine.registerModels({ WeComProfileLinkItemModel });
  return true;
}
