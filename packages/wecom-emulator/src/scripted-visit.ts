/**
 * A scripted visit to one of the emulator's sign-in pages (in-client OAuth, web login), for tests without a
 * browser: the page's URL with the answers it takes from its query, opened once. The result is where the page
 * sends the browser back to: the app's callback with `code` and `state`.
 */
export interface PageVisitor {
  /** The member signed in to WeCom (OAuth), or scanning the QR code (web login). */
  userid?: string;
  /** A personal-WeChat visitor's openid (OAuth opened with a WeChat User-Agent). */
  openid?: string;
  /** The consent page of `snsapi_privateinfo`: approve (default) or deny. */
  consent?: boolean;
  /** The browser's User-Agent: the OAuth page tells WeCom, personal WeChat and other browsers apart by it. */
  userAgent?: string;
}

export function answeredPageUrl(url: string | URL, visitor: PageVisitor): URL {
  const target = new URL(url);
  if (visitor.userid) target.searchParams.set('emulator_userid', visitor.userid);
  if (visitor.openid) target.searchParams.set('emulator_openid', visitor.openid);
  if (target.searchParams.get('scope') === 'snsapi_privateinfo') target.searchParams.set('emulator_consent', visitor.consent === false ? '0' : '1');
  return target;
}

/** Opens the page as `visitor`; throws with the page's text when it does not redirect (a denial, an error page). */
export async function passSignInPage(url: string | URL, visitor: PageVisitor): Promise<string> {
  const response = await fetch(answeredPageUrl(url, visitor), {
    redirect: 'manual',
    headers: visitor.userAgent ? { 'user-agent': visitor.userAgent } : {},
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`The WeCom page did not send the browser back (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}`);
  }
  return location;
}
