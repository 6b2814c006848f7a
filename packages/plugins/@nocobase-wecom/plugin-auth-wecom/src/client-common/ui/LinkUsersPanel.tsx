import { LinkOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Descriptions, Form, InputNumber, Modal, Progress, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, unwrap, type WeComHost } from '../host';
import { useWeComT } from './useWeComT';

type RunStatus = 'idle' | 'running' | 'stopped' | 'paused' | 'done' | 'failed';

interface Report {
  linked: number;
  notFound: number;
  ambiguous: number;
  boundElsewhere: number;
  skippedAdmin: number;
  skippedInvalid: number;
  handled: number;
  total: number;
}

interface LinkStatus {
  status: RunStatus;
  suggestedSeats?: number;
  seats?: number;
  includeAdmins?: boolean;
  report?: Report;
  message?: string;
  canResume?: boolean;
}

const REPORT_ROWS: Array<[keyof Report, string]> = [
  ['linked', 'Linked'],
  ['notFound', 'Not found in WeCom'],
  ['ambiguous', 'Ambiguous (two users, one member)'],
  ['boundElsewhere', 'Member already bound elsewhere'],
  ['skippedAdmin', 'Skipped: administrator'],
  ['skippedInvalid', 'Skipped: malformed phone or email'],
];

/**
 * "Link existing users": binds users to the WeCom members with their phone or email, as a background task
 * (`wecom:linkUsers`), within WeCom's daily lookup budget. The dialog shows progress, stop / resume and the report.
 */
export function LinkUsersPanel({ host, name, saved }: { host: WeComHost; name?: string; saved: boolean }) {
  const t = useWeComT();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<LinkStatus>();
  const [seats, setSeats] = useState<number | null>(null);
  const [includeAdmins, setIncludeAdmins] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const request = useCallback(
    async (url: string, method: 'get' | 'post', data?: Record<string, unknown>) => {
      const response = await host.api.request({
        url,
        method,
        ...(method === 'get' ? { params: { authenticator: name ?? '' } } : { data: { authenticator: name, ...data } }),
        skipNotify: true,
      });
      const next = unwrap<LinkStatus>(response);
      if (next) setState(next);
      return next;
    },
    [host, name],
  );

  useEffect(() => {
    if (!open) return;
    let active = true;
    request('wecom:linkUsersStatus', 'get')
      .then((next) => {
        if (!active || !next) return;
        setSeats((current) => current ?? next.seats ?? next.suggestedSeats ?? null);
        if (next.includeAdmins !== undefined) setIncludeAdmins(next.includeAdmins);
      })
      .catch((reason) => setError(errorMessage(reason)));
    return () => {
      active = false;
    };
  }, [open, request]);

  const running = state?.status === 'running';
  useEffect(() => {
    if (!open || !running) return;
    const timer = setInterval(() => request('wecom:linkUsersStatus', 'get').catch(() => undefined), 1000);
    return () => clearInterval(timer);
  }, [open, running, request]);

  const act = async (url: string, data?: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await request(url, 'post', data);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };
  const start = (resume: boolean) => {
    // The last run's report stays on screen until the new run answers; clear it so the two are never mixed up.
    setState(undefined);
    return act('wecom:linkUsers', { seats, includeAdmins, resume });
  };

  const report = state?.report;
  const percent = report && report.total > 0 ? Math.round((report.handled / report.total) * 100) : 0;
  const ended = state && state.status !== 'idle' && state.status !== 'running';

  return (
    <Space direction="vertical" style={{ display: 'flex', marginBottom: 24 }}>
      <Space wrap>
        <Button icon={<LinkOutlined />} disabled={!saved || !name} onClick={() => setOpen(true)} data-testid="wecom-link-users">
          {t('Link existing users')}
        </Button>
        <Typography.Text type="secondary">{t('Binds users to WeCom members with the same phone or email.')}</Typography.Text>
      </Space>
      <Modal open={open} title={t('Link existing users')} onCancel={() => setOpen(false)} footer={null} width={640} destroyOnClose>
        <Space direction="vertical" style={{ display: 'flex' }} data-testid="wecom-link-users-dialog">
          <Typography.Paragraph type="secondary">
            {t(
              'For each user with a phone (then an email) and no WeCom binding, WeCom is asked for the member. A user is linked when one member answers and no one else holds it.',
            )}
          </Typography.Paragraph>
          <Form layout="vertical" disabled={running || busy}>
            <Form.Item
              label={t('Seats of your WeCom organisation')}
              extra={t(
                'WeCom blocks these lookups until midnight (China time) once failed lookups in a day exceed 20% of the seats. The run stops one short of that and tells you when it can go on. If unsure, enter a lower number.',
              )}
            >
              <InputNumber min={1} max={1000000} precision={0} value={seats} onChange={(value) => setSeats(value)} data-testid="wecom-link-seats" />
            </Form.Item>
            <Form.Item extra={t('Root is never linked.')}>
              <Checkbox checked={includeAdmins} onChange={(event) => setIncludeAdmins(event.target.checked)} data-testid="wecom-link-include-admins">
                {t('Include administrators')}
              </Checkbox>
            </Form.Item>
          </Form>
          <Space wrap>
            <Button type="primary" loading={busy} disabled={running || !seats} onClick={() => start(false)} data-testid="wecom-link-start">
              {t('Start')}
            </Button>
            {state?.canResume ? (
              <Button disabled={running || busy || !seats} onClick={() => start(true)} data-testid="wecom-link-resume">
                {t('Resume')}
              </Button>
            ) : null}
            {running ? (
              <Button danger disabled={busy} onClick={() => act('wecom:stopLinkUsers')} data-testid="wecom-link-stop">
                {t('Stop')}
              </Button>
            ) : null}
          </Space>
          {error ? <Alert type="error" showIcon message={error} data-testid="wecom-link-error" /> : null}
          {state && state.status !== 'idle' ? (
            <>
              <Progress percent={percent} status={running ? 'active' : state.status === 'failed' ? 'exception' : undefined} />
              <Alert
                type={state.status === 'done' ? 'success' : state.status === 'failed' ? 'error' : 'info'}
                showIcon
                message={state.message}
                data-testid="wecom-link-status"
              />
            </>
          ) : null}
          {report && ended ? (
            <Descriptions size="small" column={1} bordered data-testid="wecom-link-report">
              {REPORT_ROWS.map(([key, label]) => (
                <Descriptions.Item key={key} label={t(label)}>
                  <span data-testid={`wecom-link-report-${key}`}>{report[key]}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          ) : null}
        </Space>
      </Modal>
    </Space>
  );
}
