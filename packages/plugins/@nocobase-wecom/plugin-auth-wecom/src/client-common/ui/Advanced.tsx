import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type ReactNode, useState } from 'react';
import { FORM_LABELS } from '../../common/settings/authenticator';
import { useWeComT } from './useWeComT';

/**
 * The "Advanced" section, folded by default. Folded fields stay mounted (only hidden): the v2 drawer saves
 * only mounted fields, and a host override must survive an edit made while the section is folded.
 */
export function Advanced({ children }: { children?: ReactNode }) {
  const t = useWeComT();
  const [open, setOpen] = useState(false);
  return (
    <div data-testid="wecom-advanced">
      <Button
        type="link"
        icon={open ? <DownOutlined /> : <RightOutlined />}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        style={{ paddingInline: 0, marginBottom: open ? 12 : 24 }}
      >
        {t(FORM_LABELS.advanced)}
      </Button>
      <div hidden={!open}>{children}</div>
    </div>
  );
}
