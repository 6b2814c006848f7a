import type { Application } from '@nocobase/client';
import { namespace } from '../constants';
import { bootLinkResult } from '../client-common/profile-link/boot';
import { BindingsSettings } from './BindingsSettings';
import { registerProfileLinkItem } from '../client-common/profile-link/register-item';
import { v1Host } from './host';

/** Link / Unlink in the avatar dropdown (after "Change password"), and Users & Permissions → WeCom for admins. */
export async function registerProfileLinkV1(app: Application): Promise<void> {
  await registerProfileLinkItem(app, v1Host);
  app.pluginSettingsManager.add('users-permissions.wecom', {
    title: app.i18n.t('WeCom', { ns: namespace }),
    icon: 'LinkOutlined',
    Component: BindingsSettings,
    aclSnippet: 'pm.users',
  });
  bootLinkResult(app.i18n);
}
