import { DeleteOutlined } from '@ant-design/icons';
import type * as NotificationManagerClientV2 from '@nocobase/plugin-notification-manager/client-v2';
import type { MessageConfigFormProps } from '@nocobase/plugin-notification-manager/client-v2';
import type * as WorkflowClientV2 from '@nocobase/plugin-workflow/client-v2';
import { Button, Flex, Form, Input, Select } from 'antd';
import type { ComponentType } from 'react';
import { MESSAGE_LABELS, MESSAGE_TYPES, MESSAGE_TYPE_LABELS } from '../../common/settings/channel';
import {
  fieldsFor,
  messageFieldProblem,
  partyIdsProblem,
  recipientsProblem,
  translateProblem,
  type MessageField,
} from './message-form';
import { useWeComT } from '../ui/useWeComT';

type Prefix = Array<string | number>;

/** What the form uses of other plugins' clients, loaded at run time (client-common/host-modules.ts). */
export interface MessageHostModules {
  manager: Pick<typeof NotificationManagerClientV2, 'UserSelect' | 'UserAddition'>;
  /** Without plugin-workflow: plain inputs, no variables. */
  workflow?: Pick<typeof WorkflowClientV2, 'isUserKeyField' | 'useWorkflowVariableOptions' | 'WorkflowVariableInput' | 'WorkflowVariableTextArea'>;
}

/** The message form of a `wecom` channel (send form, workflow notification node), names below `namePrefix`. */
export function messageConfigForm({ manager, workflow }: MessageHostModules): ComponentType<MessageConfigFormProps> {
  const { UserAddition, UserSelect } = manager;
  const WorkflowVariableInput = (workflow?.WorkflowVariableInput ??
    (({ metaTree: _tree, ...props }: Record<string, unknown>) => <Input {...props} />)) as ComponentType<{ metaTree?: unknown }>;
  const WorkflowVariableTextArea = (workflow?.WorkflowVariableTextArea ??
    (({ metaTree: _tree, ...props }: Record<string, unknown>) => <Input.TextArea {...props} />)) as ComponentType<{ metaTree?: unknown; autoSize?: unknown }>;
  const useUserVariableOptions = () => (workflow ? workflow.useWorkflowVariableOptions({ types: [workflow.isUserKeyField] }) : undefined);

  function FieldItem({ field, prefix, variableOptions }: { field: MessageField; prefix: Prefix; variableOptions?: unknown[] }) {
    const t = useWeComT();
    return (
      <Form.Item
        name={[...prefix, field.name]}
        label={t(field.label)}
        extra={field.help ? t(field.help) : undefined}
        required={field.required}
        rules={[
          {
            validator: async (_rule, value) => {
              const problem = messageFieldProblem(field, value);
              if (problem) throw new Error(translateProblem(problem, field.label, t));
            },
          },
        ]}
      >
        {field.multiline ? (
          <WorkflowVariableTextArea metaTree={variableOptions} autoSize={{ minRows: field.name === 'card' ? 8 : 5 }} />
        ) : (
          <WorkflowVariableInput metaTree={variableOptions} />
        )}
      </Form.Item>
    );
  }

  /** The message of a `wecom` channel (send form, workflow notification node): names below `namePrefix`. */
  function MessageConfigForm({ variableOptions, namePrefix }: MessageConfigFormProps) {
    const t = useWeComT();
    const form = Form.useFormInstance();
    const prefix: Prefix = namePrefix ?? [];
    const receiversName = [...prefix, 'receivers'];
    const receivers = Form.useWatch(receiversName, form) as unknown[] | undefined;
    const msgtype = Form.useWatch([...prefix, 'msgtype'], form) as unknown;
    const userVariableOptions = useUserVariableOptions();
    const recipientsOf = () => ({
      receivers: form.getFieldValue(receiversName),
      touser: form.getFieldValue([...prefix, 'touser']),
      toparty: form.getFieldValue([...prefix, 'toparty']),
    });
    return (
      <>
        <Form.List
          name={receiversName}
          rules={[
            {
              validator: async () => {
                const problem = recipientsProblem(recipientsOf());
                if (problem) throw new Error(translateProblem(problem, MESSAGE_LABELS.receivers, t));
              },
            },
          ]}
        >
          {(fields, { remove }, { errors }) => (
            <Form.Item label={t(MESSAGE_LABELS.receivers)} validateStatus={errors.length ? 'error' : undefined} help={errors[0]}>
              <Flex vertical gap="small" style={{ width: '100%' }}>
                {fields.map((item) => (
                  <Flex key={item.key} gap="small" align="center" style={{ width: '100%' }}>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Form.Item name={item.name} noStyle>
                        <UserSelect variableOptions={userVariableOptions} />
                      </Form.Item>
                    </div>
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t(MESSAGE_LABELS.receivers)} onClick={() => remove(item.name)} />
                  </Flex>
                ))}
                <UserAddition
                  value={Array.isArray(receivers) ? (receivers as never[]) : []}
                  onChange={(next) => form.setFieldValue(receiversName, next)}
                />
              </Flex>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name={[...prefix, 'touser']} label={t(MESSAGE_LABELS.touser)} extra={t(MESSAGE_LABELS.touserHelp)}>
          <WorkflowVariableInput metaTree={variableOptions} />
        </Form.Item>
        <Form.Item
          name={[...prefix, 'toparty']}
          label={t(MESSAGE_LABELS.toparty)}
          extra={t(MESSAGE_LABELS.topartyHelp)}
          rules={[
            {
              validator: async (_rule, value) => {
                const problem = partyIdsProblem(value);
                if (problem) throw new Error(translateProblem(problem, MESSAGE_LABELS.toparty, t));
              },
            },
          ]}
        >
          <WorkflowVariableInput metaTree={variableOptions} />
        </Form.Item>
        <Form.Item name={[...prefix, 'msgtype']} label={t(MESSAGE_LABELS.msgtype)} initialValue="text" required>
          <Select options={MESSAGE_TYPES.map((type) => ({ value: type, label: t(MESSAGE_TYPE_LABELS[type]) }))} />
        </Form.Item>
        {fieldsFor(msgtype).map((field) => (
          <FieldItem key={field.name} field={field} prefix={prefix} variableOptions={variableOptions} />
        ))}
      </>
    );
  }

  return MessageConfigForm;
}
