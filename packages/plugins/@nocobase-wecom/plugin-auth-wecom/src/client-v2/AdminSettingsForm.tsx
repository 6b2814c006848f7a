import { useApp } from '@nocobase/client-v2';
import { Form } from 'antd';
import { useEffect, useMemo } from 'react';
import { AUTHENTICATOR_FIELDS, FORM_LABELS } from '../common/settings/authenticator';
import type { CheckEnv } from '../common/settings/checks';
import { defaultOptions } from '../common/settings/model';
import { apiBasePathOf } from '../client-common/host';
import { formName, splitFields } from '../client-common/settings-form';
import { Advanced } from '../client-common/ui/Advanced';
import { ConnectionPanel } from '../client-common/ui/ConnectionPanel';
import { CopyInput } from '../client-common/ui/CopyInput';
import { LinkUsersPanel } from '../client-common/ui/LinkUsersPanel';
import { SaveErrorAlert } from '../client-common/ui/SaveErrorAlert';
import { SettingsFields } from '../client-common/ui/SettingsFields';
import { useWeComT } from '../client-common/ui/useWeComT';
import { useSetupLinks } from '../client-common/ui/useSetupLinks';
import { v2Host } from './host';

const { main, advanced } = splitFields(AUTHENTICATOR_FIELDS);
const field = (name: (typeof AUTHENTICATOR_FIELDS)[number]['name']) => AUTHENTICATOR_FIELDS.find((item) => item.name === name)!;

/**
 * The WeCom part of the modern UI's authenticator drawer. plugin-auth renders it inside its antd `Form`,
 * so every field carries its absolute name (`['options', 'wecom', 'corpId']`).
 */
export default function AdminSettingsForm() {
  const t = useWeComT();
  const app = useApp();
  const host = useMemo(() => v2Host(app), [app]);
  const env = useMemo<CheckEnv>(() => ({ apiBasePath: apiBasePathOf(app.apiClient.axios.defaults.baseURL, window.location.origin) }), [app]);
  const form = Form.useFormInstance();
  const id = Form.useWatch('id', { preserve: true });
  const name = Form.useWatch('name', form);
  const origin = Form.useWatch(formName(field('origin')), form);
  const redirectPath = Form.useWatch(formName(field('redirectPath')), form);
  const links = useSetupLinks(app.apiClient, { origin, name, redirectPath });
  const saved = id !== undefined && id !== null;

  // A new authenticator starts with the model's defaults and this app's origin; an existing one keeps what it has.
  useEffect(() => {
    if (saved) return;
    const defaults = defaultOptions(AUTHENTICATOR_FIELDS);
    for (const item of AUTHENTICATOR_FIELDS) {
      const path = formName(item);
      if (form.getFieldValue(path) !== undefined) continue;
      const value = item.name === 'origin' ? window.location.origin : path.slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], defaults);
      if (value !== undefined) form.setFieldValue(path, value);
    }
  }, [form, saved]);

  const setupValue = (kind: 'homepageUrl' | 'trustedDomain' | 'webLoginDomain') => (
    <Form.Item label={t(FORM_LABELS[kind])} extra={t(FORM_LABELS[`${kind}Help`])}>
      <CopyInput value={links?.[kind]} placeholder={t(FORM_LABELS.linksPending)} testId={`wecom-${kind}`} />
    </Form.Item>
  );

  return (
    <>
      <SaveErrorAlert />
      <SettingsFields fields={main} env={env} />
      {setupValue('homepageUrl')}
      {setupValue('trustedDomain')}
      {setupValue('webLoginDomain')}
      <Advanced>
        <SettingsFields fields={advanced} env={env} />
      </Advanced>
      <ConnectionPanel host={host} name={typeof name === 'string' ? name : undefined} saved={saved} />
      <LinkUsersPanel host={host} name={typeof name === 'string' ? name : undefined} saved={saved} />
    </>
  );
}
