import type { Application } from '@nocobase/server';
import { resourceName } from '../../constants';
import { listBindings, unlinkUser } from './admin-actions';
import { getLinkUrl, myBinding, unlink } from './profile-actions';

/** The actions of `wecom` that link a user's account to WeCom from the profile, and let admins see and remove links. */
export const linkActions = { getLinkUrl, myBinding, unlink, listBindings, unlinkUser };

export function allowLinkActions(app: Application): void {
  app.acl.allow(resourceName, ['getLinkUrl', 'myBinding', 'unlink'], 'loggedIn');
  // The snippet plugin-users registers for `users:*`: whoever may manage users may see and remove their links.
  app.acl.registerSnippet({ name: 'pm.users', actions: [`${resourceName}:listBindings`, `${resourceName}:unlinkUser`] });
}
