import { sanitizeRedirect } from '../flow/redirect-target';
import { readOptions } from '../options';

export interface Problem {
  message: string;
  params?: Record<string, string>;
}

export const VALIDATION_MESSAGES = {
  corpIdRequired: 'Corp ID is required.',
  agentIdRequired: 'Agent ID is required.',
  secretRequired: 'Secret is required.',
  originRequired: 'Origin is required.',
  originInvalid: 'Origin must be an absolute http(s) URL without a path, e.g. https://example.com.',
  baseUrlInvalid: '{{field}} must be an absolute http(s) URL.',
  redirectPathInvalid: 'The workbench application redirect link must be a path on this site starting with /, e.g. /m.',
  autoLoginTaken: 'Only one enabled WeCom authenticator can use automatic login; "{{name}}" already does.',
} as const;

function isHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Checks one authenticator's options on their own (the autoLogin rule needs the others; see save-middleware). */
export function validateOptions(raw: unknown): Problem[] {
  const { public: pub, wecom } = readOptions(raw);
  const problems: Problem[] = [];
  if (!wecom.corpId) problems.push({ message: VALIDATION_MESSAGES.corpIdRequired });
  if (!wecom.agentId) problems.push({ message: VALIDATION_MESSAGES.agentIdRequired });
  if (!wecom.secret) problems.push({ message: VALIDATION_MESSAGES.secretRequired });
  if (!wecom.origin) problems.push({ message: VALIDATION_MESSAGES.originRequired });
  else {
    const url = isHttpUrl(wecom.origin);
    if (!url || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
      problems.push({ message: VALIDATION_MESSAGES.originInvalid });
    }
  }
  const bases: Array<[string, string | undefined]> = [
    ['API base URL', wecom.apiBaseUrl],
    ['OAuth base URL', wecom.oauthBaseUrl],
    ['Web login base URL', wecom.webLoginBaseUrl],
  ];
  for (const [field, value] of bases) {
    if (value !== undefined && !isHttpUrl(value)) problems.push({ message: VALIDATION_MESSAGES.baseUrlInvalid, params: { field } });
  }
  if (pub.redirectPath !== undefined && !sanitizeRedirect(pub.redirectPath)) {
    problems.push({ message: VALIDATION_MESSAGES.redirectPathInvalid });
  }
  return problems;
}
