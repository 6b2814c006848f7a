import type { ISchema } from '@formily/react';
import { observer, useForm } from '@formily/react';
import { SchemaComponent, useApp } from '@nocobase/client';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { checkHostUrl, checkOrigin, checkRedirectPath, LABELS } from '../client-common/settings';
import { Advanced } from '../client-common/ui/Advanced';
import { ConnectionPanel } from '../client-common/ui/ConnectionPanel';
import { CopyInput } from '../client-common/ui/CopyInput';
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

/** One read-only value for the WeCom console (homepage link, trusted domain, callback domain). */
const SetupValue = observer(({ kind }: { kind: 'homepageUrl' | 'trustedDomain' | 'webLoginDomain' }) => {
  const t = useWeComT();
  const app = useApp();
  const values = useDrawerValues();
  const links = useSetupLinks(
    { origin: values.options?.wecom?.origin, name: values.name, redirectPath: values.options?.public?.redirectPath },
    app.apiClient.axios.defaults.baseURL,
  );
  return <CopyInput value={links?.[kind]} placeholder={t(LABELS.linksPending)} testId={`wecom-${kind}`} />;
});

const Connection = observer(() => {
  const app = useApp();
  const host = useMemo(() => v1Host(app), [app]);
  const values = useDrawerValues();
  return <ConnectionPanel host={host} name={values.name} saved={values.id !== undefined && values.id !== null} />;
});

const AdvancedSection = ({ children }: { children?: ReactNode }) => <Advanced>{children}</Advanced>;

const validator = (t: Translate, check: (value: unknown) => string | undefined) => (value: unknown) => {
  const key = check(value);
  return key ? t(key) : '';
};

function field(t: Translate, label: string, component: string, extra: Partial<ISchema> = {}): ISchema {
  return { type: 'string', title: t(label), 'x-decorator': 'FormItem', 'x-component': component, ...extra };
}

function buildSchema(t: Translate, origin: string): ISchema {
  const setupValue = (kind: string, label: string, help: string): ISchema => ({
    type: 'void',
    title: t(label),
    description: t(help),
    'x-decorator': 'FormItem',
    'x-component': 'WeComSetupValue',
    'x-component-props': { kind },
  });
  // Property names with a dot are paths relative to the drawer's `options` field: `public.autoSignup`
  // is stored as `options.public.autoSignup`. Order and wording follow the official manual's table.
  return {
    type: 'object',
    properties: {
      saveErrors: { type: 'void', 'x-component': 'WeComSaveErrors' },
      'public.autoSignup': {
        ...field(t, LABELS.autoSignup, 'Checkbox'),
        type: 'boolean',
        default: true,
        'x-decorator-props': { labelWrap: true },
      },
      'wecom.corpId': field(t, LABELS.corpId, 'Input', { required: true }),
      'wecom.agentId': field(t, LABELS.agentId, 'Input', { required: true }),
      'wecom.secret': field(t, LABELS.secret, 'Password', {
        required: true,
        'x-component-props': { autoComplete: 'new-password' },
      }),
      'wecom.origin': field(t, LABELS.origin, 'Input', {
        required: true,
        default: origin,
        description: t(LABELS.originHelp),
        'x-validator': validator(t, checkOrigin),
      }),
      'public.redirectPath': field(t, LABELS.redirectPath, 'Input', {
        description: t(LABELS.redirectPathHelp),
        'x-validator': validator(t, checkRedirectPath),
      }),
      'public.autoLogin': { ...field(t, LABELS.autoLogin, 'Checkbox'), type: 'boolean', default: false, description: t(LABELS.autoLoginHelp) },
      homepageUrl: setupValue('homepageUrl', LABELS.homepageUrl, LABELS.homepageUrlHelp),
      trustedDomain: setupValue('trustedDomain', LABELS.trustedDomain, LABELS.trustedDomainHelp),
      webLoginDomain: setupValue('webLoginDomain', LABELS.webLoginDomain, LABELS.webLoginDomainHelp),
      advanced: {
        type: 'void',
        'x-component': 'WeComAdvanced',
        properties: {
          'wecom.apiBaseUrl': field(t, LABELS.apiBaseUrl, 'Input', { description: t(LABELS.apiBaseUrlHelp), 'x-validator': validator(t, checkHostUrl) }),
          'wecom.oauthBaseUrl': field(t, LABELS.oauthBaseUrl, 'Input', { description: t(LABELS.oauthBaseUrlHelp), 'x-validator': validator(t, checkHostUrl) }),
          'wecom.webLoginBaseUrl': field(t, LABELS.webLoginBaseUrl, 'Input', {
            description: t(LABELS.webLoginBaseUrlHelp),
            'x-validator': validator(t, checkHostUrl),
          }),
          'public.buttonText': field(t, LABELS.buttonText, 'Input', { description: t(LABELS.buttonTextHelp) }),
          'public.tooltip': field(t, LABELS.tooltip, 'Input', { description: t(LABELS.tooltipHelp) }),
        },
      },
      connection: { type: 'void', 'x-component': 'WeComConnection' },
    },
  };
}

const components = {
  WeComSetupValue: SetupValue,
  WeComAdvanced: AdvancedSection,
  WeComConnection: Connection,
  WeComSaveErrors: SaveErrorAlert,
};

/** The WeCom part of the classic UI's authenticator drawer (Authentication → Add new → WeCom). */
export function AdminSettingsForm() {
  const t = useWeComT();
  const schema = useMemo(() => buildSchema(t, window.location.origin), [t]);
  return <SchemaComponent schema={schema} components={components} />;
}
