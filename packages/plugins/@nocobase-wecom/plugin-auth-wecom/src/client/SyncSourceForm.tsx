import type { ISchema } from '@formily/react';
import { observer, useForm } from '@formily/react';
import { SchemaComponent, useApp } from '@nocobase/client';
import { useMemo } from 'react';
import { SYNC_FORM_LABELS, SYNC_SOURCE_FIELDS } from '../common/settings/sync-source';
import { apiBasePathOf } from '../client-common/host';
import { AUTHENTICATOR_SELECT, fieldKey, formilyField } from '../client-common/settings-form';
import { receiverUrl } from '../client-common/sync-source';
import { AuthenticatorSelect, type AuthenticatorSelectProps } from '../client-common/ui/AuthenticatorSelect';
import { CopyInput } from '../client-common/ui/CopyInput';
import { useWeComT } from '../client-common/ui/useWeComT';

function WeComAuthenticatorSelect(props: Omit<AuthenticatorSelectProps, 'api'>) {
  const app = useApp();
  return <AuthenticatorSelect api={app.apiClient} {...props} />;
}

/** The URL to paste into WeCom's contact-sync settings, from the source name being typed. */
const ReceiverUrl = observer(() => {
  const t = useWeComT();
  const app = useApp();
  const name = (useForm().values as { name?: unknown }).name;
  const url = receiverUrl(window.location.origin, apiBasePathOf(app.apiClient.axios.defaults.baseURL, window.location.origin), name);
  return <CopyInput value={url} placeholder={t(SYNC_FORM_LABELS.receiverUrlPending)} testId="wecom-receiverUrl" />;
});

/** The WeCom part of the classic UI's sync source drawer (Users & permissions → Synchronize → Add new → WeCom). */
export function SyncSourceForm() {
  const t = useWeComT();
  const schema = useMemo(() => {
    const fields = Object.fromEntries(SYNC_SOURCE_FIELDS.map((field) => [fieldKey(field), formilyField(field, {}, t)]));
    const { eventToken, eventAESKey, ...rest } = fields;
    // Inside the drawer's `options` field: names are relative to it (`options.authenticator`).
    return {
      type: 'object',
      properties: {
        ...rest,
        receiverUrl: {
          type: 'void',
          title: t(SYNC_FORM_LABELS.receiverUrl),
          description: t(SYNC_FORM_LABELS.receiverUrlHelp),
          'x-decorator': 'FormItem',
          'x-component': 'WeComReceiverUrl',
        },
        eventToken,
        eventAESKey,
      },
    } as ISchema;
  }, [t]);
  return <SchemaComponent schema={schema} components={{ [AUTHENTICATOR_SELECT]: WeComAuthenticatorSelect, WeComReceiverUrl: ReceiverUrl }} />;
}
