import type { Application } from '@nocobase/client-v2';
import { namespace } from '../constants';
import { bootLinkResult } from '../client-common/profile-link/boot';
import { registerProfileLinkItem } from '../client-common/profile-link/register-item';
import { v2Host } from './host';

const MENU = 'users-permissions';
/** plugin-users' own title, in its namespace. */
const MENU_TITLE = 'Users & Permissions';

/** Link / Unlink in the avatar dropdown (after "Change password"), and Users & Permissions → WeCom for admins. */
export async function registerProfileLinkV2(app: Application): Promise<void> {
  await registerProfileLinkItem(app, v2Host, '@nocobase/client-v2');
  const settings = app.pluginSettingsManager;
  // plugin-users adds the menu when it loads; whichever plugin loads first creates it, as plugin-users does.
  if (!settings.has(MENU)) {
    settings.addMenuItem({ key: MENU, title: app.i18n.t(MENU_TITLE, { ns: 'users' }), isPinned: true, sort: 200, icon: 'TeamOutlined', showTabs: true });
  }
  settings.addPageTabItem({
    menuKey: MENU,
    key: 'wecom',
    title: app.i18n.t('WeCom', { ns: namespace }),
    icon: 'LinkOutlined',
    aclSnippet: 'pm.users',
    sort: 20,
    componentLoader: () => import('./BindingsSettings'),
  });
  bootLinkResult(app.i18n);
}
