import { Plugin } from '@nocobase/server';
import { tval } from '@nocobase/utils';
import { authType, namespace } from '../constants';
import { WeComAuth } from './wecom-auth';

export class PluginAuthWeComServer extends Plugin {
  async load() {
    this.app.authManager.registerTypes(authType, {
      auth: WeComAuth,
      title: tval('WeCom', { ns: namespace }),
    });
  }
}
