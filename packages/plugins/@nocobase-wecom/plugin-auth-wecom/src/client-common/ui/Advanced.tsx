import { Collapse } from 'antd';
import type { ReactNode } from 'react';
import { LABELS } from '../settings';
import { useWeComT } from './useWeComT';

/**
 * The folded "Advanced" section. `forceRender` keeps its fields mounted while folded: the v2 drawer saves
 * only the fields that are mounted, and a folded host override must survive an edit.
 */
export function Advanced({ children }: { children?: ReactNode }) {
  const t = useWeComT();
  return (
    <Collapse
      ghost
      size="small"
      style={{ marginBottom: 24, marginInline: -16 }}
      items={[{ key: 'advanced', label: t(LABELS.advanced), children, forceRender: true }]}
      data-testid="wecom-advanced"
    />
  );
}
