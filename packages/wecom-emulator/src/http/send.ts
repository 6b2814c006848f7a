import type { ServerResponse } from 'node:http';

export const MARKER_HEADER = 'X-WeCom-Emulator';
export const JSON_TYPE = 'application/json; charset=UTF-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** Writes a complete answer; every answer carries `X-WeCom-Emulator: 1`. */
export function send(res: ServerResponse, status: number, contentType: string, body: string, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    [MARKER_HEADER]: '1',
    ...extra,
  };
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, extra?: Record<string, string>): void {
  send(res, status, JSON_TYPE, JSON.stringify(value), extra);
}

/** Header values must be printable ASCII. */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
