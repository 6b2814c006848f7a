import type { Context } from '@nocobase/actions';
import { computeSetupLinks, type SetupLinks } from '../../common/setup-links';
import { authType } from '../../constants';
import { signInError } from '../errors/sign-in-error';
import { isConfigured, readOptions, type WeComOptions } from '../options';

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
  options: WeComOptions;
  links: SetupLinks;
}

export function apiBasePath(): string {
  return process.env.API_BASE_PATH || '/api/';
}

export function setupLinksOf(name: string, options: WeComOptions): SetupLinks | undefined {
  return computeSetupLinks({
    origin: options.wecom.origin,
    name,
    redirectPath: options.public.redirectPath,
    apiBasePath: apiBasePath(),
  });
}

/**
 * An enabled WeCom authenticator, with its options rendered by NocoBase
 * (`{{$env.X}}`, secrets). The storer falls back to the first authenticator
 * for an unknown name, hence the name and type check.
 */
export async function loadAuthenticator(ctx: Context, name: unknown): Promise<LoadedAuthenticator> {
  if (typeof name !== 'string' || name === '' || name.length > 255) {
    throw signInError.authenticatorUnavailable(typeof name === 'string' ? name.slice(0, 64) : '');
  }
  let auth: WeComAuthInstance | undefined;
  try {
    auth = (await ctx.app.authManager.get(name, ctx)) as WeComAuthInstance;
  } catch {
    auth = undefined;
  }
  const authenticator = auth?.authenticator;
  if (!auth || authenticator?.name !== name || authenticator?.authType !== authType) {
    throw signInError.authenticatorUnavailable(name);
  }
  const options = readOptions(auth.options);
  const links = setupLinksOf(name, options);
  if (!isConfigured(options.wecom) || !links) throw signInError.notConfigured();
  return { name, auth, options, links };
}

/** The one enabled WeCom authenticator, when there is exactly one: where to show an error whose state is unknown. */
export async function soleWeComAuthenticator(ctx: Context): Promise<string> {
  try {
    const rows = await ctx.db.getRepository('authenticators').find({
      filter: { authType, enabled: true },
      fields: ['name'],
    });
    return rows.length === 1 ? String(rows[0].get('name')) : '';
  } catch {
    return '';
  }
}
