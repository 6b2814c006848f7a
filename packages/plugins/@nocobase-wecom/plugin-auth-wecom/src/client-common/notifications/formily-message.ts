/**
 * The classic UI's message form as a Formily schema (relative names, inside the message field the notification
 * manager or the workflow node renders it in), like plugin-notification-email / in-app-message's forms:
 * receivers as an `ArrayItems` of `UserSelect`s, NocoBase's `Variable.*` inputs with the given variable scope.
 * Pure data apart from the validators it holds.
 */
import { MESSAGE_LABELS, MESSAGE_TYPES, MESSAGE_TYPE_LABELS, type MessageType } from '../../common/settings/channel';
import {
  MESSAGE_FIELDS,
  MESSAGE_FORM_TEXTS,
  messageFieldProblem,
  partyIdsProblem,
  recipientsProblem,
  translateProblem,
  type MessageField,
} from './message-form';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Formily's validator context (the part used): the field, to read its siblings. */
interface ValidatorContext {
  field?: { query(pattern: string): { value(): unknown } };
}

const sibling = (ctx: ValidatorContext | undefined, name: string): unknown => {
  try {
    return ctx?.field?.query(`.${name}`).value();
  } catch {
    return undefined;
  }
};

/** Which message types show a group: `$deps[0]` is the message type (none yet is text). */
function visibleFor(types: readonly MessageType[]) {
  const list = JSON.stringify(types);
  return [{ dependencies: ['.msgtype'], fulfill: { state: { visible: `{{${list}.includes($deps[0] || "text")}}` } } }];
}

function fieldSchema(field: MessageField, t: Translate, scope: unknown): Record<string, unknown> {
  return {
    type: 'string',
    title: t(field.label),
    ...(field.help ? { description: t(field.help) } : {}),
    'x-decorator': 'FormItem',
    'x-decorator-props': { asterisk: field.required },
    'x-component': field.multiline ? 'Variable.RawTextArea' : 'Variable.TextArea',
    'x-component-props': { scope, ...(field.multiline ? { autoSize: { minRows: field.name === 'card' ? 8 : 5 } } : {}) },
    'x-validator': (value: unknown) => {
      const problem = messageFieldProblem(field, value);
      return problem ? translateProblem(problem, field.label, t) : '';
    },
  };
}

const GROUPS: Array<[string, readonly MessageType[]]> = [
  ['wecomText', ['text', 'markdown']],
  ['wecomTextcard', ['textcard']],
  ['wecomTemplateCard', ['template_card']],
];

export function messageSchema(t: Translate, variableOptions: unknown): Record<string, unknown> {
  // Someone to send to: users here, or WeCom userids / department ids below (checked again on submit).
  const recipients = (value: unknown, ctx: ValidatorContext | undefined) => {
    const problem = recipientsProblem({ receivers: value, touser: sibling(ctx, 'touser'), toparty: sibling(ctx, 'toparty') });
    return problem ? translateProblem(problem, MESSAGE_LABELS.receivers, t) : '';
  };
  const groups = Object.fromEntries(
    GROUPS.map(([name, types]) => [
      name,
      {
        type: 'void',
        'x-reactions': visibleFor(types),
        properties: Object.fromEntries(
          MESSAGE_FIELDS.filter((field) => types.some((type) => field.types.includes(type))).map((field) => [field.name, fieldSchema(field, t, variableOptions)]),
        ),
      },
    ]),
  );
  return {
    type: 'void',
    properties: {
      receivers: {
        type: 'array',
        title: t(MESSAGE_LABELS.receivers),
        'x-decorator': 'FormItem',
        'x-component': 'ArrayItems',
        items: {
          type: 'void',
          'x-component': 'Space',
          properties: {
            sort: { type: 'void', 'x-decorator': 'FormItem', 'x-component': 'ArrayItems.SortHandle' },
            input: { type: 'string', 'x-decorator': 'FormItem', 'x-component': 'UserSelect', 'x-component-props': { variableOptions } },
            remove: { type: 'void', 'x-decorator': 'FormItem', 'x-component': 'ArrayItems.Remove' },
          },
        },
        properties: { add: { type: 'void', title: t(MESSAGE_FORM_TEXTS.addReceiver), 'x-component': 'UserAddition' } },
        'x-validator': (value: unknown, _rule: unknown, ctx?: ValidatorContext) => recipients(value, ctx),
      },
      touser: {
        type: 'string',
        title: t(MESSAGE_LABELS.touser),
        description: t(MESSAGE_LABELS.touserHelp),
        'x-decorator': 'FormItem',
        'x-component': 'Variable.TextArea',
        'x-component-props': { scope: variableOptions },
      },
      toparty: {
        type: 'string',
        title: t(MESSAGE_LABELS.toparty),
        description: t(MESSAGE_LABELS.topartyHelp),
        'x-decorator': 'FormItem',
        'x-component': 'Variable.TextArea',
        'x-component-props': { scope: variableOptions },
        'x-validator': (value: unknown) => {
          const problem = partyIdsProblem(value);
          return problem ? translateProblem(problem, MESSAGE_LABELS.toparty, t) : '';
        },
      },
      msgtype: {
        type: 'string',
        title: t(MESSAGE_LABELS.msgtype),
        'x-decorator': 'FormItem',
        'x-component': 'Select',
        enum: MESSAGE_TYPES.map((type) => ({ value: type, label: t(MESSAGE_TYPE_LABELS[type]) })),
        default: 'text',
        required: true,
      },
      ...groups,
    },
  };
}
