import { useApp } from '@nocobase/client-v2';
import { Form } from 'antd';
import { useEffect, useMemo } from 'react';
import { defaultOptions, type SettingsField } from '../common/settings/model';
import { SYNC_FORM_LABELS, SYNC_SOURCE_FIELDS } from '../common/settings/sync-source';
import { apiBasePathOf } from '../client-common/host';
import { formName } from '../client-common/settings-form';
import { receiverUrl } from '../client-common/sync-source';
import { CopyInput } from '../client-common/ui/CopyInput';
import { SettingsFields } from '../client-common/ui/SettingsFields';
import { useWeComT } from '../client-common/ui/useWeComT';

const isEventField = (field: SettingsField) => field.name === 'eventToken' || field.name === 'eventAESKey';
const events: SettingsField[] = SYNC_SOURCE_FIELDS.filter(isEventField);
const main: SettingsField[] = SYNC_SOURCE_FIELDS.filter((field) => !isEventField(field));

/** The WeCom part of the modern UI's sync source drawer, inside its antd `Form` (absolute names under `options`). */
export default function SyncSourceForm() {
  const t = useWeComT();
  const app = useApp();
  const form = Form.useFormInstance();
  const name = Form.useWatch('name', form);
  const apiBasePath = useMemo(() => apiBasePathOf(app.apiClient.axios.defaults.baseURL, window.location.origin), [app]);

  // A new source starts with the model's defaults (match by phone, keep leavers, no schedule).
  useEffect(() => {
    const defaults = defaultOptions(SYNC_SOURCE_FIELDS) as Record<string, unknown>;
    for (const field of SYNC_SOURCE_FIELDS as readonly SettingsField[]) {
      if (field.default === undefined || form.getFieldValue(formName(field)) !== undefined) continue;
      form.setFieldValue(formName(field), defaults[field.path[0]]);
    }
  }, [form]);

  return (
    <>
      <SettingsFields fields={main} env={{}} api={app.apiClient} />
      <Form.Item label={t(SYNC_FORM_LABELS.receiverUrl)} extra={t(SYNC_FORM_LABELS.receiverUrlHelp)}>
        <CopyInput value={receiverUrl(window.location.origin, apiBasePath, name)} placeholder={t(SYNC_FORM_LABELS.receiverUrlPending)} testId="wecom-receiverUrl" />
      </Form.Item>
      <SettingsFields fields={events} env={{}} api={app.apiClient} />
    </>
  );
}
