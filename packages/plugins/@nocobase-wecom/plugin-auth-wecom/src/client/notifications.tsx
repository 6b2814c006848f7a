/**
 * The WeCom notification channel in the classic UI: its channel form (the WeCom authenticator to send as) and
 * message form, registered with the notification manager (Formily, like plugin-notification-email).
 */
import { SchemaComponent, useApp, type Application } from '@nocobase/client';
import PluginNotificationManagerClient, { UserAddition, UserSelect } from '@nocobase/plugin-notification-manager/client';
import { useMemo } from 'react';
import { CHANNEL_FIELDS, CHANNEL_TYPE } from '../common/settings/channel';
import type { CheckEnv } from '../common/settings/checks';
import { messageSchema } from '../client-common/notifications/formily-message';
import { AUTHENTICATOR_SELECT, fieldKey, formilyField } from '../client-common/settings-form';
import { AuthenticatorSelect, type AuthenticatorSelectProps } from '../client-common/ui/AuthenticatorSelect';
import { useWeComT } from '../client-common/ui/useWeComT';

/** The channel's fields have no path checks: no app paths needed. */
const NO_PATHS: CheckEnv = {};

function WeComAuthenticatorSelect(props: Omit<AuthenticatorSelectProps, 'api'>) {
  const app = useApp();
  return <AuthenticatorSelect api={app.apiClient} {...props} />;
}

/** Inside the channel drawer's `options` field: names are relative to it (`options.authenticator`). */
export function WeComChannelConfigForm() {
  const t = useWeComT();
  const schema = useMemo(
    () => ({ type: 'object', properties: Object.fromEntries(CHANNEL_FIELDS.map((field) => [fieldKey(field), formilyField(field, NO_PATHS, t)])) }),
    [t],
  );
  return <SchemaComponent schema={schema} components={{ [AUTHENTICATOR_SELECT]: WeComAuthenticatorSelect }} />;
}

/** Inside the message field of the send form / the workflow's notification node; `variableOptions` is the Variable scope. */
export function WeComMessageConfigForm({ variableOptions }: { variableOptions: unknown }) {
  const t = useWeComT();
  const schema = useMemo(() => messageSchema(t, variableOptions), [t, variableOptions]);
  return <SchemaComponent schema={schema} components={{ UserSelect, UserAddition }} />;
}

/** Registers the `wecom` channel type; call in the plugin's `load()`. Without the notification manager it does nothing. */
export function registerWeComChannelV1(app: Application): void {
  const manager = app.pm.get(PluginNotificationManagerClient);
  if (!manager) return;
  manager.registerChannelType({
    title: 'WeCom',
    type: CHANNEL_TYPE,
    components: { ChannelConfigForm: WeComChannelConfigForm, MessageConfigForm: WeComMessageConfigForm },
    meta: { creatable: true, editable: true, deletable: true },
  });
}
