import { Checkbox, Form, Input, InputNumber, Select } from 'antd';
import type { CheckEnv } from '../../common/settings/checks';
import type { SettingsField } from '../../common/settings/model';
import type { ListApi } from '../notifications/authenticators';
import { fieldMessage, formName } from '../settings-form';
import { AuthenticatorSelect } from './AuthenticatorSelect';
import { useWeComT } from './useWeComT';

/** The control of one field; `Form.Item` hands it `value`/`checked` and `onChange`, passed on as they are. */
function FieldInput({ field, api, ...control }: { field: SettingsField; api?: ListApi; [prop: string]: unknown }) {
  const t = useWeComT();
  switch (field.kind) {
    case 'choice':
      return <Select options={field.choices?.map((choice) => ({ label: t(choice.label), value: choice.value }))} {...control} />;
    case 'number':
      return <InputNumber min={field.min} max={field.max} precision={0} {...control} />;
    case 'flag':
      return <Checkbox {...control} />;
    case 'secret':
      return <Input.Password autoComplete="new-password" {...control} />;
    case 'authenticator':
      return <AuthenticatorSelect api={api} {...control} />;
    default:
      return <Input {...control} />;
  }
}

/**
 * A field list as `Form.Item`s inside the modern UI's drawer form (absolute names under `options`). `api` (the
 * app's API client) is needed by fields of kind `authenticator`, which list the WeCom authenticators.
 */
export function SettingsFields({ fields, env, api }: { fields: readonly SettingsField[]; env: CheckEnv; api?: ListApi }) {
  const t = useWeComT();
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.name}
          name={formName(field)}
          label={t(field.label)}
          extra={field.help ? t(field.help) : undefined}
          required={field.required}
          valuePropName={field.kind === 'flag' ? 'checked' : 'value'}
          rules={[
            {
              validator: async (_rule, value) => {
                const message = fieldMessage(field, value, env, t);
                if (message) throw new Error(message);
              },
            },
          ]}
        >
          <FieldInput field={field} api={api} />
        </Form.Item>
      ))}
    </>
  );
}
