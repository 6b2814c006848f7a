import { useMemo } from 'react';
import { computeSetupLinks, type SetupLinks } from '../../common/setup-links';
import { apiBasePathOf } from '../host';

/** The values to copy into the WeCom console, recomputed while the admin types. */
export function useSetupLinks(values: { origin?: unknown; name?: unknown; redirectPath?: unknown }, apiBaseURL: string | undefined) {
  const origin = typeof values.origin === 'string' ? values.origin : '';
  const name = typeof values.name === 'string' ? values.name : '';
  const redirectPath = typeof values.redirectPath === 'string' && values.redirectPath.trim() ? values.redirectPath.trim() : undefined;
  return useMemo<SetupLinks | undefined>(() => {
    if (!origin || !name) return undefined;
    return computeSetupLinks({ origin, name, redirectPath, apiBasePath: apiBasePathOf(apiBaseURL, window.location.origin) });
  }, [origin, name, redirectPath, apiBaseURL]);
}
