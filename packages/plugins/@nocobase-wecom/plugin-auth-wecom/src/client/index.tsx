import { Plugin } from '@nocobase/client';
import AuthPlugin from '@nocobase/plugin-auth/client';
import { authType } from '../constants';
import { returnTarget, withoutPublicPath } from '../client-common/auto-login';
import { bootAutoLogin } from '../client-common/boot';
import { installSaveOutcomeRelay } from '../client-common/save-errors';
import { AdminSettingsForm } from './AdminSettingsForm';
import { v1Host } from './host';
import { SignInButton } from './SignInButton';

/** The classic UI (`/admin`, `/signin`): the sign-in button, the settings drawer and automatic login. */
export class PluginAuthWeComClient extends Plugin {
  async load() {
    this.app.pm.get(AuthPlugin).registerType(authType, {
      components: { SignInButton, AdminSettingsForm },
    });
    installSaveOutcomeRelay(this.app.apiClient.axios);

    const { pathname, search } = window.location;
    await bootAutoLogin(v1Host(this.app), {
      onSignInPage: pathname === this.app.getHref('signin'),
      currentTarget: returnTarget(withoutPublicPath(pathname, this.app.getPublicPath()), search),
    });
  }
}

export default PluginAuthWeComClient;
