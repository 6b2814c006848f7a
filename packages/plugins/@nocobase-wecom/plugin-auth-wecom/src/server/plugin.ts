import { Plugin } from '@nocobase/server';
import { tval } from '@nocobase/utils';
import { authType, namespace, resourceName } from '../constants';
import { callback } from './actions/callback';
import { check } from './actions/check';
import { entry } from './actions/entry';
import { getAuthUrl } from './actions/get-auth-url';
import { pair } from './actions/pair';
import { pairStatus } from './actions/pair-status';
import { redeem } from './actions/redeem';
import { setupInfo } from './actions/setup-info';
import { linkUsers, linkUsersStatus, stopLinkUsers } from './link-users/actions';
import { registerLinkUsersTask } from './link-users/task';
import { registerNotificationChannel } from './notifications/register';
import { contactEvents } from './sync/contact-events-action';
import { allowLinkActions, linkActions } from './link/register';
import { registerSyncSource } from './sync/register';
import { registerVerificationFileHandler } from './verify-file';
import { getPublicOptions } from './options';
import { validateAuthenticatorSave } from './validation/save-middleware';
import { secretWriteOnly } from './validation/secret-write-only';
import { validateSyncSourceSave } from './validation/sync-source-save';
import { WeComAuth } from './wecom-auth';

export class PluginAuthWeComServer extends Plugin {
  async load() {
    this.app.authManager.registerTypes(authType, {
      auth: WeComAuth,
      title: tval('WeCom', { ns: namespace }),
      getPublicOptions,
    });
    this.app.resourceManager.define({
      name: resourceName,
      actions: { getAuthUrl, entry, callback, redeem, pair, pairStatus, setupInfo, check, contactEvents, ...linkActions, linkUsers, linkUsersStatus, stopLinkUsers },
    });
    this.app.acl.allow(resourceName, ['getAuthUrl', 'entry', 'callback', 'redeem', 'pair', 'pairStatus', 'contactEvents'], 'public');
    allowLinkActions(this.app);
    // The snippet plugin-auth registers for `authenticators:*`: whoever may manage authenticators may see these.
    this.app.acl.registerSnippet({
      name: 'pm.auth.authenticators',
      actions: [
        `${resourceName}:setupInfo`,
        `${resourceName}:check`,
        `${resourceName}:linkUsers`,
        `${resourceName}:linkUsersStatus`,
        `${resourceName}:stopLinkUsers`,
      ],
    });
    type Middleware = Parameters<typeof this.app.resourceManager.use>[0];
    this.app.resourceManager.use(secretWriteOnly() as Middleware, { tag: 'wecomSecretWriteOnly', after: 'acl' });
    this.app.resourceManager.use(validateAuthenticatorSave() as Middleware, { tag: 'wecomValidateOptions', after: 'wecomSecretWriteOnly' });
    this.app.resourceManager.use(validateSyncSourceSave() as Middleware, { tag: 'wecomValidateSyncSource', after: 'wecomSecretWriteOnly' });
    // "Link existing users" runs as a task of plugin-async-task-manager, when it is there.
    registerLinkUsersTask(this.app);
    // The `wecom` notification channel, when plugin-notification-manager is there.
    registerNotificationChannel(this.app);
    // The `wecom` directory-sync source, when plugin-user-data-sync is there.
    registerSyncSource(this.app);
    // WW_verify_*.txt at the origin's root, from the authenticators' settings.
    registerVerificationFileHandler();
  }
}
