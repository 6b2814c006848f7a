import { isLinkResult, LINK_RESULT_PARAM, type LinkResult } from '../../common/link-result';
import { searchWithout } from '../../common/target-path';

/**
 * The outcome of a link flow the server put in the address (`?wecom_link=`), taken out of it with
 * `history.replaceState` so a reload does not say it again.
 */
export function takeLinkResult(page: { location: Pick<Location, 'pathname' | 'search' | 'hash'>; history: Pick<History, 'replaceState' | 'state'> }): LinkResult | undefined {
  const { pathname, search, hash } = page.location;
  const value = new URLSearchParams(search).get(LINK_RESULT_PARAM);
  if (value === null) return undefined;
  page.history.replaceState(page.history.state, '', `${pathname}${searchWithout(search, [LINK_RESULT_PARAM])}${hash}`);
  return isLinkResult(value) ? value : undefined;
}
