import type { Application } from '@nocobase/client';
import { namespace } from '../constants';
import { bootLinkResult } from '../client-common/profile-link/boot';
import { BindingsSettings } from './BindingsSettings';
import { ProfileLinkMenuItem, profileLinkStore } from './ProfileLinkMenuItem';
import { registerProfileLinkItem } from '../client-common/profile-link/register-item';
import { v1Host } from './host';

/** Link / Unlink in the avatar dropdown (after "Change password"), and Users & Permissions → WeCom for admins. */
export async function registerProfileLinkV1(app: Application): Promise<void> {
  // NocoBase 2.2's classic avatar menu is a schema-settings list; a later one may build it from flow models as the
  // modern UI does. Only one of the two menus is on screen, so the entry is registered with both.
  app.addUserCenterSettingsItem?.({ name: 'wecomProfileLink', Component: ProfileLinkMenuItem, sort: 120 });
  if (v1Host(app).hasToken()) void profileLinkStore(app).refresh();
  await registerProfileLinkItem(app, v1Host, '@nocobase/client');
  app.pluginSettingsManager.add('users-permissions.wecom', {
    title: app.i18n.t('WeCom', { ns: namespace }),
    icon: 'LinkOutlined',
    Component: BindingsSettings,
    aclSnippet: 'pm.users',
  });
  bootLinkResult(app.i18n);
}
