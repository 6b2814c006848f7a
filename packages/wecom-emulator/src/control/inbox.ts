import type { ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core';
import { HTML_TYPE, send } from '../http/send';
import { errorPage } from '../pages/error-page';
import { INBOX_CSP, InboxOwner, inboxPage } from '../pages/inbox-page';
import { memberByLowercase } from '../routes/message-recipients';
import { InboxMessage, toInboxMessage } from '../state/messages';
import { BadRequest } from './bad-request';

/** `GET /__emulator/inbox/<userid>[?corpId=&refresh=]`: a member's inbox as HTML (README "Member inboxes"). */
export const INBOX_PAGE_PREFIX = '/__emulator/inbox/';
export const INBOX_PAGE_ENDPOINT = `GET ${INBOX_PAGE_PREFIX}<userid>`;

/** `GET /__emulator/messages?userid=<id>[&corpId=]`: the member's messages, oldest first. */
export function inboxJson(core: EmulatorCore, query: URLSearchParams): { userid: string; messages: InboxMessage[] } {
  const userid = query.get('userid');
  if (!userid) throw new BadRequest('"userid" is required, e.g. /__emulator/messages?userid=zhangsan (optional &corpId=…)');
  return { userid, messages: core.messages.inbox(userid, query.get('corpId') || undefined).map(toInboxMessage) };
}

function owners(core: EmulatorCore, userid: string, corpId: string | undefined): InboxOwner[] {
  const out: InboxOwner[] = [];
  for (const corp of core.directory.corps.values()) {
    if (corpId !== undefined && corp.corpId !== corpId) continue;
    const member = memberByLowercase(corp, userid);
    if (member) out.push({ corpId: corp.corpId, userid: member.seed.userid, name: member.seed.name });
  }
  return out;
}

function refreshSeconds(text: string | null): number | null {
  if (text === null || !/^\d{1,4}$/.test(text)) return null;
  const seconds = Number(text);
  return seconds >= 1 && seconds <= 3600 ? seconds : null;
}

const PAGE_HEADERS = { 'Cache-Control': 'no-store', 'Content-Security-Policy': INBOX_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

/** Serves the inbox page; 404 (HTML) when the userid is neither a member nor has messages. */
export function serveInboxPage(core: EmulatorCore, res: ServerResponse, path: string, search: string): void {
  let userid = '';
  try {
    userid = decodeURIComponent(path.slice(INBOX_PAGE_PREFIX.length));
  } catch {
    userid = '';
  }
  const query = new URLSearchParams(search);
  const corpId = query.get('corpId') || undefined;
  const found = userid === '' || userid.includes('/') ? [] : owners(core, userid, corpId);
  const messages = userid === '' ? [] : core.messages.inbox(userid, corpId);
  if (found.length === 0 && messages.length === 0) {
    const page = errorPage({ title: '没有这个成员', subtitle: 'No such member, and no messages for this userid' }, `userid: ${userid}`);
    return send(res, 404, HTML_TYPE, page, PAGE_HEADERS);
  }
  send(res, 200, HTML_TYPE, inboxPage(userid, found, messages, refreshSeconds(query.get('refresh')), corpId), PAGE_HEADERS);
}
