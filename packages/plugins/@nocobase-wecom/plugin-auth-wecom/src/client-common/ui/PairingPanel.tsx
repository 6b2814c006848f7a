import { Button, Card, QRCode, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { unwrap, type WeComHost } from '../host';
import { useWeComT } from './useWeComT';

/** How often the PC asks whether the phone has confirmed ("within about 2 s"). */
export const PAIRING_POLL_MS = 1500;

type PairingStatus =
  | { status: 'waiting'; link: string; expiresAt: number }
  | { status: 'confirmed'; location: string }
  | { status: 'refused'; message: string };

export interface PairingPanelProps {
  host: Pick<WeComHost, 'api' | 'locale'>;
  authenticator: string;
  /** The pairing's code, from the sign-in page's address. */
  code: string;
  /** The pairing ended without a sign-in: why, for the sign-in button to show. */
  onEnd(message?: string): void;
}

/**
 * A PC sign-in waiting for the member to confirm on the phone: a QR code of our short link, drawn here (antd's
 * QRCode, no remote service), while the page asks the server whether the phone has confirmed. Confirmed: the
 * page goes to the normal landing, which redeems the one-time code.
 */
export function PairingPanel({ host, authenticator, code, onEnd }: PairingPanelProps) {
  const t = useWeComT();
  const [link, setLink] = useState<string>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await host.api.request({
          url: 'wecom:pairStatus',
          method: 'get',
          headers: { 'X-Authenticator': authenticator },
          params: { pairing: code, ...(host.locale() ? { locale: host.locale() as string } : {}) },
          skipNotify: true,
        });
        if (stopped) return;
        const answer = unwrap<PairingStatus>(response);
        if (answer?.status === 'confirmed') {
          stopped = true;
          window.location.replace(answer.location);
          return;
        }
        if (answer?.status === 'refused') {
          stopped = true;
          onEnd(answer.message);
          return;
        }
        if (answer?.status === 'waiting') setLink(answer.link);
      } catch {
        // A dropped poll is asked again; the pairing's own expiry ends the wait.
      }
      if (!stopped) timer = setTimeout(poll, PAIRING_POLL_MS);
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [code]);

  return (
    <Card size="small" data-testid={`wecom-pairing-${authenticator}`}>
      <Space direction="vertical" align="center" style={{ display: 'flex', textAlign: 'center' }}>
        <Typography.Text strong>{t('Scan with WeCom on your phone to confirm it is you')}</Typography.Text>
        {link ? (
          <div data-testid="wecom-pairing-qr" data-link={link}>
            <QRCode value={link} size={180} color="#000" bgColor="#fff" />
          </div>
        ) : (
          <Spin />
        )}
        <Typography.Text type="secondary">
          {t('This is needed once. Your computer continues by itself after you confirm. The code expires in 5 minutes.')}
        </Typography.Text>
        <Button type="link" onClick={() => onEnd()} data-testid="wecom-pairing-cancel">
          {t('Cancel')}
        </Button>
      </Space>
    </Card>
  );
}
