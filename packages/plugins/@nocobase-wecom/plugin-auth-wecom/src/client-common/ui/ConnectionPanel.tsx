import { ApiOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage, unwrap, type WeComHost } from '../host';
import { useWeComT } from './useWeComT';

interface CheckResult {
  ok: boolean;
  /** Ours, e.g. `WECOM_IP_NOT_TRUSTED`. */
  code?: string;
  /** WeCom's, e.g. `60020`, when WeCom answered with one. */
  errcode?: string;
  message?: string;
  helpUrl?: string;
}

interface SetupInfo {
  lastError?: string | { message?: string; at?: string };
}

function lastErrorText(value: SetupInfo['lastError']): string | undefined {
  if (!value) return undefined;
  if (typeof value === 'string') return value;
  return value.message;
}

/**
 * For a saved authenticator: the last WeCom error the server recorded, and a "Test connection" button
 * (`wecom:check` fetches an access token with the saved settings and explains a failure for the admin).
 */
export function ConnectionPanel({ host, name, saved }: { host: WeComHost; name?: string; saved: boolean }) {
  const t = useWeComT();
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<CheckResult>();
  const [lastError, setLastError] = useState<string>();

  useEffect(() => {
    if (!saved || !name) return;
    let active = true;
    host.api
      .request({ url: 'wecom:setupInfo', method: 'get', params: { authenticator: name }, skipNotify: true })
      .then((response) => {
        if (active) setLastError(lastErrorText(unwrap<SetupInfo>(response)?.lastError));
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [host, name, saved]);

  const check = async () => {
    setChecking(true);
    setResult(undefined);
    try {
      const response = await host.api.request({ url: 'wecom:check', method: 'post', data: { authenticator: name }, skipNotify: true });
      setResult(unwrap<CheckResult>(response) ?? { ok: false });
    } catch (error) {
      setResult({ ok: false, message: errorMessage(error) });
    } finally {
      setChecking(false);
    }
  };

  return (
    <Space direction="vertical" style={{ display: 'flex', marginBottom: 24 }}>
      {lastError && !result ? (
        <Alert type="warning" showIcon message={t('Last WeCom error')} description={lastError} data-testid="wecom-last-error" />
      ) : null}
      <Space wrap>
        <Button icon={<ApiOutlined />} loading={checking} disabled={!saved || !name} onClick={check} data-testid="wecom-check">
          {t('Test connection')}
        </Button>
        {!saved ? <Typography.Text type="secondary">{t('Save the authenticator first, then test the connection.')}</Typography.Text> : null}
      </Space>
      {result ? (
        <Alert
          type={result.ok ? 'success' : 'error'}
          showIcon
          data-testid="wecom-check-result"
          message={result.ok ? t('Connected: WeCom accepted the Company ID and Secret.') : t('The connection test failed')}
          description={
            result.ok ? undefined : (
              <>
                {result.message}
                {result.errcode ? ` (errcode ${result.errcode})` : result.code ? ` (${result.code})` : null}
                {result.helpUrl ? (
                  <>
                    {' '}
                    <Typography.Link href={result.helpUrl} target="_blank" rel="noreferrer">
                      {t('Learn more')}
                    </Typography.Link>
                  </>
                ) : null}
              </>
            )
          }
        />
      ) : null}
    </Space>
  );
}
