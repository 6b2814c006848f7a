import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { subscribeSaveOutcome } from '../save-errors';
import { useWeComT } from './useWeComT';

/** Shows, next to our fields, why the drawer's last Submit was refused (already translated by the server). */
export function SaveErrorAlert() {
  const t = useWeComT();
  const [messages, setMessages] = useState<string[]>([]);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => subscribeSaveOutcome((outcome) => setMessages(outcome.ok ? [] : outcome.messages)), []);
  useEffect(() => {
    if (messages.length) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [messages]);

  if (!messages.length) return null;
  return (
    <div ref={ref} style={{ marginBottom: 24 }}>
      <Alert
        type="error"
        showIcon
        closable
        onClose={() => setMessages([])}
        message={t('The settings were not saved')}
        description={
          messages.length === 1 ? messages[0] : <ul style={{ margin: 0, paddingInlineStart: 20 }}>{messages.map((m) => <li key={m}>{m}</li>)}</ul>
        }
        data-testid="wecom-save-error"
      />
    </div>
  );
}
