/**
 * Serves WeCom's domain verification file (`GET /WW_verify_<random>.txt` at the origin's root) from the WeCom
 * authenticators' settings, so admins need not edit a web server. NocoBase's gateway serves the UI at the root,
 * so this is a gateway request handler (it sees requests before the UI, for the main app and sub-apps alike).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Application } from '@nocobase/server';
import { Gateway, AppSupervisor } from '@nocobase/server';
import { VERIFY_FILE_NAME } from '../common/settings/checks';
import { authType } from '../constants';
import { readOptions } from './options';

type Database = Application['db'];

/** The content to serve for `fileName`, from an enabled-or-not WeCom authenticator of this app. */
export async function verificationFile(db: Database, fileName: string): Promise<string | undefined> {
  if (!VERIFY_FILE_NAME.test(fileName)) return undefined;
  const rows = await db.getRepository('authenticators').find({ filter: { authType } });
  for (const row of rows) {
    const { verifyFileName, verifyFileContent } = readOptions(row.get('options'));
    if (verifyFileName === fileName && verifyFileContent) return verifyFileContent;
  }
  return undefined;
}

/** `/WW_verify_x.txt` → `WW_verify_x.txt`; anything else undefined. Only the root: WeCom looks nowhere else. */
export function verificationFileName(url: string | undefined): string | undefined {
  const pathname = (url ?? '').split('?')[0] ?? '';
  const name = pathname.startsWith('/') ? pathname.slice(1) : '';
  return VERIFY_FILE_NAME.test(name) ? name : undefined;
}

/** Answers the request when it is for a verification file this app has; false lets NocoBase go on. */
export async function serveVerificationFile(req: IncomingMessage, res: ServerResponse, db: Database): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const name = verificationFileName(req.url);
  if (!name) return false;
  const content = await verificationFile(db, name);
  if (content === undefined) return false;
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(content));
  res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : content);
  return true;
}

let registered = false;

/** Once per process: the gateway's handlers are process-wide; each request finds its own app. */
export function registerVerificationFileHandler(): void {
  if (registered) return;
  registered = true;
  // The gateway awaits its handlers (its typings say a plain boolean); anything but false means "answered".
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (!verificationFileName(req.url)) return false;
    try {
      const name = await Gateway.getInstance().getRequestHandleAppName(req);
      const app = (await AppSupervisor.getInstance().getApp(name)) as Application | undefined;
      if (!app?.db) return false;
      return await serveVerificationFile(req, res, app.db);
    } catch {
      return false;
    }
  };
  Gateway.registerRequestHandler(handler as unknown as Parameters<typeof Gateway.registerRequestHandler>[0]);
}
