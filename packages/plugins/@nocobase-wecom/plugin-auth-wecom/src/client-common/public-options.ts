import type { PublicAuthenticatorLike } from './auto-login';

/** The public options of a WeCom authenticator as the sign-in page receives them. */
export interface WeComPublicOptions {
  autoSignup: boolean;
  autoLogin: boolean;
  redirectPath?: string;
  buttonText?: string;
  tooltip?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * `authenticators:publicList` flattens `options.public.*` into `options.*` (the server's
 * `getPublicOptions`), so the sign-in side reads `options.buttonText`, never `options.public.buttonText`.
 */
export function pickWeComPublicOptions(authenticator: PublicAuthenticatorLike | null | undefined): WeComPublicOptions {
  const options = authenticator?.options ?? {};
  return {
    autoSignup: options.autoSignup !== false,
    autoLogin: options.autoLogin === true,
    redirectPath: text(options.redirectPath),
    buttonText: text(options.buttonText),
    tooltip: text(options.tooltip),
  };
}
