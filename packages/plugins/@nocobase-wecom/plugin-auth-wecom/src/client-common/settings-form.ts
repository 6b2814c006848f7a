/**
 * Settings forms from a field list (common/settings/model.ts): what each lane renders, and the message the
 * shared check gives, translated. The classic UI gets Formily schema entries, the modern UI `Form.Item`s
 * (ui/SettingsFields.tsx); both run `checkField`, the server's own check.
 */
import type { CheckEnv } from '../common/settings/checks';
import { checkField, type SettingsField } from '../common/settings/model';
import type { Translate } from './ui/useWeComT';

/** The translated problem with `value`, or undefined. */
export function fieldMessage(field: SettingsField, value: unknown, env: CheckEnv, t: Translate): string | undefined {
  const key = checkField(field, value, env);
  if (!key) return undefined;
  return t(key, { field: t(field.label), min: field.min, max: field.max, interpolation: { escapeValue: false } });
}

/** Where the modern UI's drawer form keeps a field: `['options', 'wecom', 'corpId']`. */
export function formName(field: SettingsField): string[] {
  return ['options', ...field.path];
}

const LONG_LABEL = 40;

/** The Formily component of a field of kind `authenticator`: the lane registers it (ui/AuthenticatorSelect.tsx bound to its API client). */
export const AUTHENTICATOR_SELECT = 'WeComAuthenticatorSelect';

function formilyComponent(field: SettingsField): string {
  switch (field.kind) {
    case 'flag':
      return 'Checkbox';
    case 'secret':
      return 'Password';
    case 'authenticator':
      return AUTHENTICATOR_SELECT;
    case 'choice':
      return 'Select';
    case 'number':
      return 'InputNumber';
    default:
      return 'Input';
  }
}

/**
 * One field of the classic UI's Formily schema. Its property key is `field.path.join('.')`, relative to the
 * drawer's `options` field (`public.autoSignup` is stored as `options.public.autoSignup`).
 */
export function formilyField(field: SettingsField, env: CheckEnv, t: Translate): Record<string, unknown> {
  const component = formilyComponent(field);
  const props = {
    ...(field.kind === 'secret' ? { autoComplete: 'new-password' } : {}),
    ...(field.kind === 'number' ? { min: field.min, max: field.max, precision: 0 } : {}),
  };
  return {
    type: field.kind === 'flag' ? 'boolean' : field.kind === 'number' ? 'number' : 'string',
    title: t(field.label),
    'x-decorator': 'FormItem',
    'x-decorator-props': { asterisk: Boolean(field.required), ...(field.label.length > LONG_LABEL ? { labelWrap: true } : {}) },
    'x-component': component,
    ...(Object.keys(props).length > 0 ? { 'x-component-props': props } : {}),
    ...(field.choices ? { enum: field.choices.map((choice) => ({ label: t(choice.label), value: choice.value })) } : {}),
    ...(field.help ? { description: t(field.help) } : {}),
    ...(field.default !== undefined ? { default: field.default } : {}),
    'x-validator': (value: unknown) => fieldMessage(field, value, env, t) ?? '',
  };
}

export const fieldKey = (field: SettingsField) => field.path.join('.');

/** The main fields, then those folded under "Advanced". */
export function splitFields<Field extends SettingsField>(fields: readonly Field[]): { main: Field[]; advanced: Field[] } {
  return { main: fields.filter((field) => !field.advanced), advanced: fields.filter((field) => field.advanced) };
}
