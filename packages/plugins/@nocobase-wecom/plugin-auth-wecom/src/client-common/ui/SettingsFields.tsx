import { Checkbox, Form, Input } from 'antd';
import type { CheckEnv } from '../../common/settings/checks';
import type { SettingsField } from '../../common/settings/model';
import { fieldMessage, formName } from '../settings-form';
import { useWeComT } from './useWeComT';

/** A field list as `Form.Item`s inside the modern UI's drawer form (absolute names under `options`). */
export function SettingsFields({ fields, env }: { fields: readonly SettingsField[]; env: CheckEnv }) {
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
          {field.kind === 'flag' ? <Checkbox /> : field.kind === 'secret' ? <Input.Password autoComplete="new-password" /> : <Input />}
        </Form.Item>
      ))}
    </>
  );
}
