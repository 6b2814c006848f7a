import type { ISchema } from '@formily/react';
import { observer, useForm } from '@formily/react';
import { SchemaComponent, useApp } from '@nocobase/client';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { AUTHENTICATOR_FIELDS, FORM_LABELS } from '../common/settings/authenticator';
import type { CheckEnv } from '../common/settings/checks';
import { apiBasePathOf } from '../client-common/host';
import { fieldKey, formilyField, splitFields } from '../client-common/settings-form';
import { Advanced } from '../client-common/ui/Advanced';
import { ConnectionPanel } from '../client-common/ui/ConnectionPanel';
import { CopyInput } from '../client-common/ui/CopyInput';
import { LinkUsersPanel } from '../client-common/ui/LinkUsersPanel';
import { SaveErrorAlert } from '../client-common/ui/SaveErrorAlert';
import { type Translate, useWeComT } from '../client-common/ui/useWeComT';
import { useSetupLinks } from '../client-common/ui/useSetupLinks';
import { v1Host } from './host';

type DrawerValues = {
  id?: unknown;
  name?: string;
  options?: { public?: { redirectPath?: string }; wecom?: { origin?: string } };
};

function useDrawerValues(): DrawerValues {
  return useForm().values as DrawerValues;
}

type SetupKind = 'homepageUrl' | 'trustedDomain' | 'webLoginDomain';

/** One read-only value for the WeCom console (homepage link, trusted domain, callback domain). */
const SetupValue = observer(({ kind }: { kind: SetupKind }) => {
  const t = useWeComT();
  const app = useApp();
  const values = useDrawerValues();
  const links = useSetupLinks(app.apiClient, {
    origin: values.options?.wecom?.origin,
    name: values.name,
    redirectPath: values.options?.public?.redirectPath,
  });
  return <CopyInput value={links?.[kind]} placeholder={t(FORM_LABELS.linksPending)} testId={`wecom-${kind}`} />;
});

const Connection = observer(() => {
  const app = useApp();
  const host = useMemo(() => v1Host(app), [app]);
  const values = useDrawerValues();
  return <ConnectionPanel host={host} name={values.name} saved={values.id !== undefined && values.id !== null} />;
});

const LinkUsers = observer(() => {
  const app = useApp();
  const host = useMemo(() => v1Host(app), [app]);
  const values = useDrawerValues();
  return <LinkUsersPanel host={host} name={values.name} saved={values.id !== undefined && values.id !== null} />;
});

const AdvancedSection = ({ children }: { children?: ReactNode }) => <Advanced>{children}</Advanced>;

function properties(fields: readonly (typeof AUTHENTICATOR_FIELDS)[number][], env: CheckEnv, t: Translate, origin: string) {
  return Object.fromEntries(
    fields.map((field) => {
      const schema = formilyField(field, env, t);
      // A new authenticator's origin is the app the admin is using.
      return [fieldKey(field), field.name === 'origin' ? { ...schema, default: origin } : schema];
    }),
  );
}

function buildSchema(t: Translate, env: CheckEnv, origin: string): ISchema {
  const setupValue = (kind: SetupKind): ISchema => ({
    type: 'void',
    title: t(FORM_LABELS[kind]),
    description: t(FORM_LABELS[`${kind}Help`]),
    'x-decorator': 'FormItem',
    'x-component': 'WeComSetupValue',
    'x-component-props': { kind },
  });
  const { main, advanced } = splitFields(AUTHENTICATOR_FIELDS);
  return {
    type: 'object',
    properties: {
      saveErrors: { type: 'void', 'x-component': 'WeComSaveErrors' },
      ...properties(main, env, t, origin),
      homepageUrl: setupValue('homepageUrl'),
      trustedDomain: setupValue('trustedDomain'),
      webLoginDomain: setupValue('webLoginDomain'),
      advanced: { type: 'void', 'x-component': 'WeComAdvanced', properties: properties(advanced, env, t, origin) },
      connection: { type: 'void', 'x-component': 'WeComConnection' },
      linkUsers: { type: 'void', 'x-component': 'WeComLinkUsers' },
    },
  } as ISchema;
}

const components = {
  WeComSetupValue: SetupValue,
  WeComAdvanced: AdvancedSection,
  WeComConnection: Connection,
  WeComLinkUsers: LinkUsers,
  WeComSaveErrors: SaveErrorAlert,
};

/** The WeCom part of the classic UI's authenticator drawer (Authentication → Add new → WeCom). */
export function AdminSettingsForm() {
  const t = useWeComT();
  const app = useApp();
  const schema = useMemo(() => {
    const env: CheckEnv = {
      appPublicPath: app.getPublicPath(),
      apiBasePath: apiBasePathOf(app.apiClient.axios.defaults.baseURL, window.location.origin),
    };
    return buildSchema(t, env, window.location.origin);
  }, [t, app]);
  return <SchemaComponent schema={schema} components={components} />;
}
