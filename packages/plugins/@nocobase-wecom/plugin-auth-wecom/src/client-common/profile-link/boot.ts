import { message } from 'antd';
import { LINK_RESULT_MESSAGES, type LinkResult } from '../../common/link-result';
import { namespace } from '../../constants';
import type { Translate } from '../ui/useWeComT';
import { takeLinkResult } from './result';

/** Says how the link flow ended, in the UI language. */
function announceLinkResult(t: Translate, result: LinkResult): void {
  const text = t(LINK_RESULT_MESSAGES[result]);
  if (result === 'linked') void message.success(text, 6);
  else void message.error(text, 10);
}

interface I18nLike {
  t(key: string, options?: Record<string, unknown>): string;
}

/** On a full page load: the result of a link flow that just came back, said once the app is on screen. */
export function bootLinkResult(i18n: I18nLike | undefined): void {
  const result = takeLinkResult({ location: window.location, history: window.history });
  if (!result || !i18n) return;
  const t: Translate = (key, options) => i18n.t(key, { ns: [namespace, 'client'], ...options });
  // After the first render, so the message is not lost under the app's loading screen.
  setTimeout(() => announceLinkResult(t, result), 1500);
}
