import { Plugin } from '@nocobase/client-v2';
import PluginAuthClientV2 from '@nocobase/plugin-auth/client-v2';
import { authType } from '../constants';
import { bootWeCom } from '../client-common/boot';
import { installSaveOutcomeRelay } from '../client-common/save-errors';
import { v2Host } from './host';
import { registerWeComChannelV2 } from './notifications';
import { userDataSyncClient } from '../client-common/sync-source';
import { SYNC_SOURCE_TYPE } from '../common/settings/sync-source';
import { registerProfileLinkV2 } from './profile-link';
import { AUTHENTICATORS_SETTINGS, PLUGIN_NAME } from '../common/plugin-card';

/** The modern UI (`/v/admin`, `/v/signin`): the same button, settings, sign-in landing and automatic login, as lazy loaders. */
export class PluginAuthWeComClientV2 extends Plugin {
  async load() {
    this.app.pm.get(PluginAuthClientV2).registerType(authType, {
      signInButtonLoader: () => import('./SignInButton'),
      adminSettingsFormLoader: () => import('./AdminSettingsForm'),
    });
    // The directory-sync source's form, when plugin-user-data-sync is enabled.
    userDataSyncClient(this.app.pm as never)?.registerType(SYNC_SOURCE_TYPE, {
      components: { AdminSettingsFormLoader: () => import('./SyncSourceForm') },
    });
    // The notification channel's forms, when the notification manager is enabled.
    await registerWeComChannelV2(this.app);
    installSaveOutcomeRelay(this.app.apiClient.axios);
    // Before the app renders: redeem a sign-in's hand-off code, then automatic login (client-common/boot.ts).
    await bootWeCom(v2Host(this.app));
    // The user center's WeCom entry, the admins' list of links, and the result of a link that just came back.
    await registerProfileLinkV2(this.app);
    // The Plugin Manager card's Settings link opens Authentication.
    this.app.pluginSettingsManager.setPluginSettingsLink?.(PLUGIN_NAME, AUTHENTICATORS_SETTINGS);
  }
}

export default PluginAuthWeComClientV2;
