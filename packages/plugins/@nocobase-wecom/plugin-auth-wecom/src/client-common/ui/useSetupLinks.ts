import { useEffect, useState } from 'react';
import type { SetupLinks } from '../../common/setup-links';
import { unwrap, type ApiLike } from '../host';

const DEBOUNCE_MS = 250;

/**
 * The values to copy into the WeCom console, for the values being typed. The server computes them
 * (`wecom:setupInfo` with `origin`): it alone knows API_BASE_PATH and APP_PUBLIC_PATH.
 */
export function useSetupLinks(api: ApiLike, values: { origin?: unknown; name?: unknown; redirectPath?: unknown }): SetupLinks | undefined {
  const origin = typeof values.origin === 'string' ? values.origin.trim() : '';
  const name = typeof values.name === 'string' ? values.name.trim() : '';
  const redirectPath = typeof values.redirectPath === 'string' ? values.redirectPath.trim() : '';
  const [links, setLinks] = useState<SetupLinks>();

  useEffect(() => {
    if (!origin || !name) {
      setLinks(undefined);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      api
        .request({ url: 'wecom:setupInfo', method: 'get', params: { authenticator: name, origin, redirectPath }, skipNotify: true })
        .then((response) => {
          const found = unwrap<Partial<SetupLinks>>(response);
          if (current) setLinks(found?.homepageUrl ? (found as SetupLinks) : undefined);
        })
        .catch(() => current && setLinks(undefined));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, origin, name, redirectPath]);

  return links;
}
