import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Button, Input, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useWeComT } from './useWeComT';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Not allowed here (an insecure origin, no focus): fall back to a selection.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** A read-only value with a copy button, like the commercial drawer's homepage link. */
export function CopyInput({ value, placeholder, testId }: { value?: string; placeholder?: string; testId?: string }) {
  const t = useWeComT();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <Input
      readOnly
      value={value ?? ''}
      placeholder={placeholder}
      data-testid={testId}
      addonBefore={
        <Tooltip title={copied ? t('Copied') : t('Copy')}>
          <Button
            type="text"
            size="small"
            disabled={!value}
            aria-label={t('Copy')}
            icon={copied ? <CheckOutlined /> : <CopyOutlined />}
            onClick={async () => {
              if (!value) return;
              await copyText(value);
              setCopied(true);
            }}
          />
        </Tooltip>
      }
    />
  );
}
