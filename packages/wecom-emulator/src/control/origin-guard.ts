import type { IncomingHttpHeaders } from 'node:http';

/** `localhost`, `127.x.x.x` or `[::1]`, with an optional port; nothing else (no `*.localhost`, no `127.1`). */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|\[::1\])(?::\d{1,5})?$/i;

function ownOrigin(host: string): string | null {
  try {
    return new URL(`http://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Why a control request must be refused (403), or null. Pages open in the developer's browser must not
 * drive the emulator: a non-loopback Host is a DNS-rebinding page, an Origin other than the emulator's own
 * a cross-site request. Clients that send no Origin (curl, tests, scripts) pass.
 */
export function controlRefusal(headers: IncomingHttpHeaders): string | null {
  const host = headers.host;
  const own = host !== undefined && LOOPBACK_HOST.test(host) ? ownOrigin(host) : null;
  if (host === undefined || own === null) {
    const got = host === undefined ? 'no Host header' : `Host ${JSON.stringify(host)}`;
    return `the control API only answers requests to localhost, 127.x.x.x or [::1]; got ${got}`;
  }
  const origin = headers.origin;
  // Browsers send "null" from sandboxed frames, file: pages and some redirects: never our own page.
  if (origin !== undefined && origin !== own) {
    return `the control API refuses cross-origin requests: Origin ${JSON.stringify(origin)} is not ${own}`;
  }
  return null;
}
