/**
 * The checks of settings fields. Client and server run these very functions: the form while the admin
 * types, the server before it stores. Each returns a message key (an English sentence), or undefined.
 */
import { checkTargetPath, type AppPaths } from '../target-path';

export const CHECK_MESSAGES = {
  absoluteUrl: 'Enter an absolute address such as https://example.com',
  originOnly: 'Enter the origin only (scheme, host and port), without a path',
  inAppPath: 'Enter a page of this app, a path that starts with /, for example: /m',
  verifyFileName: 'Enter the file name WeCom gives, such as WW_verify_AbC123.txt',
  verifyFileContent: 'The file content WeCom gives is at most 128 bytes',
} as const;

/** The domain verification file WeCom asks for: `WW_verify_<letters and digits>.txt` at the domain root. */
export const VERIFY_FILE_NAME = /^WW_verify_[A-Za-z0-9]{1,64}\.txt$/;

export function checkVerifyFileName(value: string): string | undefined {
  return VERIFY_FILE_NAME.test(value) ? undefined : CHECK_MESSAGES.verifyFileName;
}

export function checkVerifyFileContent(value: string): string | undefined {
  return new TextEncoder().encode(value).length <= 128 ? undefined : CHECK_MESSAGES.verifyFileContent;
}

/** What a check may need to know about the app (the client and the server each fill it in). */
export type CheckEnv = AppPaths;

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL (a private WeCom deployment, or the emulator). */
export function checkHttpUrl(value: string): string | undefined {
  return httpUrl(value) ? undefined : CHECK_MESSAGES.absoluteUrl;
}

/** Scheme, host and port only: no path, query, fragment or `user:pass@`. */
export function checkOrigin(value: string): string | undefined {
  const url = httpUrl(value);
  if (!url) return CHECK_MESSAGES.absoluteUrl;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    return CHECK_MESSAGES.originOnly;
  }
  return undefined;
}

/** A page of this app, by the same rule as every post-sign-in target. */
export function checkInAppPath(value: string, env: CheckEnv = {}): string | undefined {
  return checkTargetPath(value, env) === undefined ? CHECK_MESSAGES.inAppPath : undefined;
}
