export { PluginAuthWeComServer as default } from './plugin';
