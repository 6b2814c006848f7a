import type { Context } from '@nocobase/actions';
import { buildRedirectPath, resolveSigninPrefix, resolveSubAppSegment } from '@nocobase/plugin-auth';
import { checkTargetPath, chooseTargetPath, type AppPaths } from '../../common/target-path';

export const DEFAULT_TARGET = '/admin';

/** NocoBase's paths, as this process is configured. */
export function appPaths(): AppPaths {
  return { appPublicPath: process.env.APP_PUBLIC_PATH, apiBasePath: process.env.API_BASE_PATH, wsPath: process.env.WS_PATH };
}

/** A page of this app, or undefined (see common/target-path.ts). */
export function sanitizeRedirect(raw: unknown): string | undefined {
  return checkTargetPath(raw, appPaths());
}

/** The requested target when it is a page of the app, else the authenticator's workbench path, else `/admin`. */
export function chooseTarget(requested: unknown, redirectPath: string | undefined): string {
  return chooseTargetPath(requested, redirectPath, DEFAULT_TARGET, appPaths());
}

export function appPublicPath(): string {
  return process.env.APP_PUBLIC_PATH || '/';
}

export function appendQuery(target: string, query: URLSearchParams): string {
  const hashAt = target.indexOf('#');
  const path = hashAt === -1 ? target : target.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : target.slice(hashAt);
  return `${path}${path.includes('?') ? '&' : '?'}${query.toString()}${hash}`;
}

/** The landing page with the one-time hand-off code; the plugin's client redeems it for NocoBase's token. */
export async function successLocation(ctx: Context, target: string, authenticator: string, handOffCode: string) {
  const subAppSegment = await resolveSubAppSegment(ctx.req, ctx.app.name);
  const path = buildRedirectPath({ appPublicPath: appPublicPath(), subAppSegment, target });
  return appendQuery(path, new URLSearchParams({ authenticator, wecom_handoff: handOffCode }));
}

export async function failureLocation(ctx: Context, target: string, authenticator: string, error: string) {
  const subAppSegment = await resolveSubAppSegment(ctx.req, ctx.app.name);
  const prefix = resolveSigninPrefix({ appPublicPath: appPublicPath(), redirect: target, subAppSegment });
  const query = new URLSearchParams({ authenticator, error, redirect: target });
  return `${prefix}/signin?${query.toString()}`;
}

/** The sign-in page showing the QR code a member scans to confirm a PC sign-in on the phone. */
export async function pairingLocation(ctx: Context, target: string, authenticator: string, pairingCode: string) {
  const subAppSegment = await resolveSubAppSegment(ctx.req, ctx.app.name);
  const prefix = resolveSigninPrefix({ appPublicPath: appPublicPath(), redirect: target, subAppSegment });
  const query = new URLSearchParams({ authenticator, wecom_pairing: pairingCode, redirect: target });
  return `${prefix}/signin?${query.toString()}`;
}
