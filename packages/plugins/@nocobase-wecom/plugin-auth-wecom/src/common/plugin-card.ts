import { namespace } from '../constants';

/** The Plugin Manager knows this plugin by its package name. */
export const PLUGIN_NAME = namespace;

/** Where the plugin card's Settings link goes: Settings → Authentication → Authenticators. */
export const AUTHENTICATORS_SETTINGS = 'auth.authenticators';
