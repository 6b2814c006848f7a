import { Plugin } from '@nocobase/client-v2';

export class PluginAuthWeComClientV2 extends Plugin {
  async load() {}
}

export default PluginAuthWeComClientV2;
