import type { Context } from '@nocobase/actions';
import { computeSetupLinks, type SetupLinks } from '../common/setup-links';
import { authType } from '../constants';
import { signInError } from './errors/sign-in-error';
import { isConfigured, readOptions, type AuthenticatorSettings } from './options';

/** The parts of a BaseAuth instance the flows use (its fields are `protected` in the typings). */
export interface WeComAuthInstance {
  /** The `AuthModel` row. */
  authenticator?: { name?: string; authType?: string; findUser?: unknown };
  options: unknown;
  signIn(): Promise<{ token: string }>;
}

export interface LoadedAuthenticator {
  name: string;
  auth: WeComAuthInstance;
  options: AuthenticatorSettings;
  links: SetupLinks;
}

/** NocoBase's API path in this process (the CLI has already put APP_PUBLIC_PATH in front of it). */
export function apiBasePath(): string {
  return process.env.API_BASE_PATH || '/api/';
}

/** What to enter in the WeCom console for these settings: computed here only, the forms show it. */
export function setupLinksOf(name: string, settings: Pick<AuthenticatorSettings, 'origin' | 'redirectPath'>): SetupLinks | undefined {
  return computeSetupLinks({ origin: settings.origin, name, redirectPath: settings.redirectPath, apiBasePath: apiBasePath() });
}

/** The authenticator instance NocoBase renders for `name` when it is an enabled WeCom one. */
async function enabledWeCom(ctx: Context, name: string): Promise<WeComAuthInstance | undefined> {
  try {
    const auth = (await ctx.app.authManager.get(name, ctx)) as WeComAuthInstance | undefined;
    // The storer falls back to the first authenticator for an unknown name, hence the name and type check.
    return auth?.authenticator?.name === name && auth.authenticator.authType === authType ? auth : undefined;
  } catch {
    return undefined;
  }
}

/** An enabled WeCom authenticator, with its options rendered by NocoBase (`{{$env.X}}`, secrets), for a sign-in. */
export async function loadAuthenticator(ctx: Context, name: unknown): Promise<LoadedAuthenticator> {
  if (typeof name !== 'string' || name === '' || name.length > 255) {
    throw signInError.authenticatorUnavailable(typeof name === 'string' ? name.slice(0, 64) : '');
  }
  const auth = await enabledWeCom(ctx, name);
  if (!auth) throw signInError.authenticatorUnavailable(name);
  const options = readOptions(auth.options);
  const links = setupLinksOf(name, options);
  if (!isConfigured(options) || !links) throw signInError.notConfigured();
  return { name, auth, options, links };
}

/**
 * The settings of a WeCom authenticator for an admin action: as NocoBase loads it when it is enabled, else from
 * its record (a disabled authenticator is still being set up).
 */
export async function adminAuthenticator(ctx: Context, name: unknown): Promise<{ name: string; options: AuthenticatorSettings } | undefined> {
  if (typeof name !== 'string' || name === '') return undefined;
  const auth = await enabledWeCom(ctx, name);
  if (auth) return { name, options: readOptions(auth.options) };
  const options = await storedWeComSettings(ctx.app, name);
  return options ? { name, options } : undefined;
}

interface AppWithStore {
  db: Context['db'];
  environment?: { renderJsonTemplate?(template: unknown): unknown };
}

/**
 * A WeCom authenticator's settings from its record, enabled or not, with `{{$env.X}}` variables rendered as
 * NocoBase renders them for a sign-in. For work outside a request (the notification channel) and for
 * authenticators still being set up.
 */
export async function storedWeComSettings(app: AppWithStore, name: string): Promise<AuthenticatorSettings | undefined> {
  const row = await app.db.getRepository('authenticators').findOne({ filter: { name, authType } });
  if (!row) return undefined;
  const raw = row.get('options');
  return readOptions(app.environment?.renderJsonTemplate ? app.environment.renderJsonTemplate(raw) : raw);
}

/** The one enabled WeCom authenticator, when there is exactly one: where to show an error whose state is unknown. */
export async function soleWeComAuthenticator(ctx: Context): Promise<string> {
  try {
    const rows = await ctx.db.getRepository('authenticators').find({ filter: { authType, enabled: true }, fields: ['name'] });
    return rows.length === 1 ? String(rows[0].get('name')) : '';
  } catch {
    return '';
  }
}
