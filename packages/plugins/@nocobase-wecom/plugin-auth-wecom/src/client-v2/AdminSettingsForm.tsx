import { useApp } from '@nocobase/client-v2';
import { Checkbox, Form, Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useMemo } from 'react';
import { checkHostUrl, checkOrigin, checkRedirectPath, defaultValues, FIELD_PATHS, type FieldName, LABELS } from '../client-common/settings';
import { Advanced } from '../client-common/ui/Advanced';
import { ConnectionPanel } from '../client-common/ui/ConnectionPanel';
import { CopyInput } from '../client-common/ui/CopyInput';
import { SaveErrorAlert } from '../client-common/ui/SaveErrorAlert';
import { type Translate, useWeComT } from '../client-common/ui/useWeComT';
import { useSetupLinks } from '../client-common/ui/useSetupLinks';
import { v2Host } from './host';

const nameOf = (field: FieldName) => ['options', ...FIELD_PATHS[field]];

const checkRule = (t: Translate, check: (value: unknown) => string | undefined): Rule => ({
  validator: async (_rule, value) => {
    const key = check(value);
    if (key) throw new Error(t(key));
  },
});

/**
 * The WeCom part of the modern UI's authenticator drawer. plugin-auth renders it inside its antd `Form`,
 * so every field carries its absolute name (`['options', 'wecom', 'corpId']`).
 */
export default function AdminSettingsForm() {
  const t = useWeComT();
  const app = useApp();
  const host = useMemo(() => v2Host(app), [app]);
  const form = Form.useFormInstance();
  const id = Form.useWatch('id', { preserve: true });
  const name = Form.useWatch('name', form);
  const origin = Form.useWatch(nameOf('origin'), form);
  const redirectPath = Form.useWatch(nameOf('redirectPath'), form);
  const links = useSetupLinks({ origin, name, redirectPath }, app.apiClient.axios.defaults.baseURL);
  const saved = id !== undefined && id !== null;
  const required: Rule = { required: true, message: t(LABELS.required) };

  // A new authenticator starts with the manual's defaults; an existing one keeps what it has.
  useEffect(() => {
    if (saved) return;
    const defaults = defaultValues(window.location.origin);
    for (const field of ['autoSignup', 'autoLogin', 'origin'] as const) {
      if (form.getFieldValue(nameOf(field)) === undefined) form.setFieldValue(nameOf(field), defaults[field]);
    }
  }, [form, saved]);

  const setupValue = (kind: 'homepageUrl' | 'trustedDomain' | 'webLoginDomain', help: string) => (
    <Form.Item label={t(LABELS[kind])} extra={t(help)}>
      <CopyInput value={links?.[kind]} placeholder={t(LABELS.linksPending)} testId={`wecom-${kind}`} />
    </Form.Item>
  );

  return (
    <>
      <SaveErrorAlert />
      <Form.Item name={nameOf('autoSignup')} label={t(LABELS.autoSignup)} valuePropName="checked">
        <Checkbox />
      </Form.Item>
      <Form.Item name={nameOf('corpId')} label={t(LABELS.corpId)} rules={[required]}>
        <Input />
      </Form.Item>
      <Form.Item name={nameOf('agentId')} label={t(LABELS.agentId)} rules={[required]}>
        <Input />
      </Form.Item>
      <Form.Item name={nameOf('secret')} label={t(LABELS.secret)} rules={[required]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name={nameOf('origin')} label={t(LABELS.origin)} extra={t(LABELS.originHelp)} rules={[required, checkRule(t, checkOrigin)]}>
        <Input />
      </Form.Item>
      <Form.Item name={nameOf('redirectPath')} label={t(LABELS.redirectPath)} extra={t(LABELS.redirectPathHelp)} rules={[checkRule(t, checkRedirectPath)]}>
        <Input />
      </Form.Item>
      <Form.Item name={nameOf('autoLogin')} label={t(LABELS.autoLogin)} extra={t(LABELS.autoLoginHelp)} valuePropName="checked">
        <Checkbox />
      </Form.Item>
      {setupValue('homepageUrl', LABELS.homepageUrlHelp)}
      {setupValue('trustedDomain', LABELS.trustedDomainHelp)}
      {setupValue('webLoginDomain', LABELS.webLoginDomainHelp)}
      <Advanced>
        <Form.Item name={nameOf('apiBaseUrl')} label={t(LABELS.apiBaseUrl)} extra={t(LABELS.apiBaseUrlHelp)} rules={[checkRule(t, checkHostUrl)]}>
          <Input />
        </Form.Item>
        <Form.Item name={nameOf('oauthBaseUrl')} label={t(LABELS.oauthBaseUrl)} extra={t(LABELS.oauthBaseUrlHelp)} rules={[checkRule(t, checkHostUrl)]}>
          <Input />
        </Form.Item>
        <Form.Item
          name={nameOf('webLoginBaseUrl')}
          label={t(LABELS.webLoginBaseUrl)}
          extra={t(LABELS.webLoginBaseUrlHelp)}
          rules={[checkRule(t, checkHostUrl)]}
        >
          <Input />
        </Form.Item>
        <Form.Item name={nameOf('buttonText')} label={t(LABELS.buttonText)} extra={t(LABELS.buttonTextHelp)}>
          <Input />
        </Form.Item>
        <Form.Item name={nameOf('tooltip')} label={t(LABELS.tooltip)} extra={t(LABELS.tooltipHelp)}>
          <Input />
        </Form.Item>
      </Advanced>
      <ConnectionPanel host={host} name={typeof name === 'string' ? name : undefined} saved={saved} />
    </>
  );
}
