import { AUTHENTICATOR_FIELDS, type AuthenticatorSettings } from '../common/settings/authenticator';
import { publicSettings, readSettings } from '../common/settings/model';

export { isConfigured, type AuthenticatorSettings, type WeComConnection } from '../common/settings/authenticator';

/** An authenticator's `options`, read by the one field list (see common/settings/authenticator.ts). */
export function readOptions(raw: unknown): AuthenticatorSettings {
  return readSettings(AUTHENTICATOR_FIELDS, raw);
}

/** Only the public fields reach the browser (`authenticators:publicList`); the credentials never do. */
export function getPublicOptions(raw: unknown): Record<string, unknown> {
  return publicSettings(AUTHENTICATOR_FIELDS, raw);
}
