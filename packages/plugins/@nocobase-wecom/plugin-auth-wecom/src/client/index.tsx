import { Plugin } from '@nocobase/client';

export class PluginAuthWeComClient extends Plugin {
  async load() {}
}

export default PluginAuthWeComClient;
