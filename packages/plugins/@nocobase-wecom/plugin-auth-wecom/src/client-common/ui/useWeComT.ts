import { useTranslation } from 'react-i18next';
import { namespace } from '../../constants';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * Our namespace first, NocoBase's `client` namespace as the fallback. NocoBase loads `src/locale/*.json`
 * under the package name in both UIs, so the same hook works in the v1 and the v2 lane.
 */
export function useWeComT(): Translate {
  const { t } = useTranslation([namespace, 'client'], { nsMode: 'fallback' });
  return t as unknown as Translate;
}
