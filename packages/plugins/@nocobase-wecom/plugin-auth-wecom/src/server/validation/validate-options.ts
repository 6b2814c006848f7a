import { AUTHENTICATOR_FIELDS } from '../../common/settings/authenticator';
import { REQUIRED_MESSAGE, validateSettings } from '../../common/settings/model';
import { appPaths } from '../flow/redirect-target';

export interface Problem {
  message: string;
  params?: Record<string, string>;
}

export const VALIDATION_MESSAGES = {
  fieldProblem: '{{field}}: {{problem}}',
  autoLoginTaken: 'Only one enabled WeCom authenticator can use automatic login; "{{name}}" already does.',
} as const;

/**
 * Checks one authenticator's options on their own, with the form's own checks (the autoLogin rule needs the
 * others; see save-middleware). `field` and `problem` are translation keys too.
 */
export function validateOptions(raw: unknown): Problem[] {
  return validateSettings(AUTHENTICATOR_FIELDS, raw, appPaths()).map(({ field, message }): Problem =>
    message === REQUIRED_MESSAGE
      ? { message, params: { field: field.label } }
      : { message: VALIDATION_MESSAGES.fieldProblem, params: { field: field.label, problem: message } },
  );
}
