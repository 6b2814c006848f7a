import { Plugin } from '@nocobase/client';
import AuthPlugin from '@nocobase/plugin-auth/client';
import { authType } from '../constants';
import { bootWeCom } from '../client-common/boot';
import { installSaveOutcomeRelay } from '../client-common/save-errors';
import { AdminSettingsForm } from './AdminSettingsForm';
import { v1Host } from './host';
import { registerWeComChannelV1 } from './notifications';
import { SignInButton } from './SignInButton';
import { SyncSourceForm } from './SyncSourceForm';
import { userDataSyncClient } from '../client-common/sync-source';
import { SYNC_SOURCE_TYPE } from '../common/settings/sync-source';
import { registerProfileLinkV1 } from './profile-link';
import { registerPluginCardLinkV1 } from './plugin-card';

/** The classic UI (`/admin`, `/signin`): the sign-in button, the settings drawer, the sign-in landing and automatic login. */
export class PluginAuthWeComClient extends Plugin {
  async load() {
    this.app.pm.get(AuthPlugin).registerType(authType, {
      components: { SignInButton, AdminSettingsForm },
    });
    // The directory-sync source's form, when plugin-user-data-sync is enabled.
    userDataSyncClient(this.app.pm as never)?.registerType(SYNC_SOURCE_TYPE, { components: { AdminSettingsForm: SyncSourceForm } });
    // The notification channel's forms, when the notification manager is enabled.
    await registerWeComChannelV1(this.app);
    installSaveOutcomeRelay(this.app.apiClient.axios);
    // Before the app renders: redeem a sign-in's hand-off code, then automatic login (client-common/boot.ts).
    await bootWeCom(v1Host(this.app));
    // The user center's WeCom entry, the admins' list of links, and the result of a link that just came back.
    await registerProfileLinkV1(this.app);
    // The Plugin Manager card's Settings link.
    registerPluginCardLinkV1(this.app);
  }
}

export default PluginAuthWeComClient;
