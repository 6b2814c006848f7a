import { AUTHENTICATOR_FIELDS, type PublicAuthenticatorSettings } from '../common/settings/authenticator';
import { readPublicSettings } from '../common/settings/model';
import type { PublicAuthenticatorLike } from './auto-login';

/**
 * The public options of a WeCom authenticator as the sign-in page receives them: `authenticators:publicList`
 * flattens `options.public.*` into `options.*`; read by the server's own rules (a flag is on only when it is
 * `true`).
 */
export function pickWeComPublicOptions(authenticator: PublicAuthenticatorLike | null | undefined): PublicAuthenticatorSettings {
  return readPublicSettings(AUTHENTICATOR_FIELDS, authenticator?.options) as unknown as PublicAuthenticatorSettings;
}
