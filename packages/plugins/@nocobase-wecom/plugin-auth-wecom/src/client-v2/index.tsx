import { Plugin } from '@nocobase/client-v2';
import PluginAuthClientV2 from '@nocobase/plugin-auth/client-v2';
import { authType } from '../constants';
import { returnTarget } from '../client-common/auto-login';
import { bootAutoLogin } from '../client-common/boot';
import { installSaveOutcomeRelay } from '../client-common/save-errors';
import { v2Host } from './host';

/** The modern UI (`/v/admin`, `/v/signin`): the same button, settings and automatic login, as lazy loaders. */
export class PluginAuthWeComClientV2 extends Plugin {
  async load() {
    this.app.pm.get(PluginAuthClientV2).registerType(authType, {
      signInButtonLoader: () => import('./SignInButton'),
      adminSettingsFormLoader: () => import('./AdminSettingsForm'),
    });
    installSaveOutcomeRelay(this.app.apiClient.axios);

    const { pathname, search } = window.location;
    await bootAutoLogin(v2Host(this.app), {
      onSignInPage: pathname === this.app.getRouteUrl('signin'),
      currentTarget: returnTarget(pathname, search),
    });
  }
}

export default PluginAuthWeComClientV2;
