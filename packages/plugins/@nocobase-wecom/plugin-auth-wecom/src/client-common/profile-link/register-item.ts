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
 * but only `@nocobase/client-v2` exports their base class, and the classic UI's `@nocobase/client` does not: it
 * is taken from the flow engine, else from the page's `@nocobase/client-v2` module. Without it (an older
 * NocoBase) there is no entry, and nothing else breaks.
 */
export async function registerProfileLinkItem<App extends AppWithFlowEngine>(app: App, hostOf: (app: App) => WeComHost): Promise<boolean> {
  const registered = app.flowEngine.getModelClass?.('UserCenterActionItemModel');
  const Base =
    (typeof registered === 'function' ? registered : undefined) ??
    (await hostModule<{ UserCenterActionItemModel?: unknown }>(app as unknown as AppWithRequireJs, '@nocobase/client-v2'))?.UserCenterActionItemModel;
  if (typeof Base !== 'function') return false;
  const WeComProfileLinkItemModel = profileLinkItemModel(Base as ItemClass, hostOf(app), (key, options) =>
    app.i18n.t(key, { ns: [namespace, 'client'], ...options }),
  );
  app.flowEngine.registerModels({ WeComProfileLinkItemModel });
  return true;
}
