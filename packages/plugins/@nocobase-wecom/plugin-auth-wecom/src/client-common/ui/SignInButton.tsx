import { WechatWorkOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { isWeComBrowser, type PublicAuthenticatorLike, safeTarget } from '../auto-login';
import { pageAutoLoginEnvironment, runAutoLogin } from '../auto-login-runner';
import { errorMessage, unwrap, type WeComHost } from '../host';
import { decidePanel, type PanelOptions } from '../login-panel';
import { pickWeComPublicOptions } from '../public-options';
import { LoginPanel } from './LoginPanel';
import { PairingPanel } from './PairingPanel';
import { useWeComT } from './useWeComT';

export interface WeComSignInButtonProps {
  authenticator: PublicAuthenticatorLike & { title?: string };
  host: WeComHost;
}

/**
 * "Sign in with WeCom" below the sign-in form, one per enabled WeCom authenticator.
 * - A click asks `wecom:getAuthUrl` (the server picks web login or in-client OAuth from the User-Agent).
 * - `?authenticator=<this>&error=…` (a failed attempt) is shown once, then taken out of the address. It is only
 *   shown: anyone can put it in a link, so it signs nobody out.
 * - Inside WeCom, the auto-login authenticator's button starts the sign-in by itself (see auto-login.ts).
 * - The target (`?redirect=`) goes through the one target rule of common/target-path.ts.
 */
export function WeComSignInButton({ authenticator, host }: WeComSignInButtonProps) {
  const t = useWeComT();
  const location = useLocation();
  const navigate = useNavigate();
  const options = pickWeComPublicOptions(authenticator);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [automatic, setAutomatic] = useState(false);
  const [pairing, setPairing] = useState<string>();
  const [panelProblem, setPanelProblem] = useState<string>();
  // Where the page is decides once whether WeCom's login panel can be shown (login-panel.ts).
  const panel = useMemo(
    () =>
      decidePanel((authenticator.options ?? {}) as PanelOptions, {
        origin: window.location.origin,
        hostname: window.location.hostname,
        viewportWidth: window.innerWidth,
        inWeCom: isWeComBrowser(navigator.userAgent),
      }),
    [authenticator.options],
  );
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(location.search);
    const ours = params.get('authenticator') === authenticator.name;
    const failed = ours ? params.get('error') : null;
    const pairingCode = ours ? params.get('wecom_pairing') : null;
    const decision = runAutoLogin(pageAutoLoginEnvironment(host, location.search), {
      place: 'sign-in',
      authenticators: [authenticator],
      currentTarget: '',
      defaultTarget: host.defaultTarget,
      appPaths: host.appPaths,
    });
    if (decision.kind === 'go') setAutomatic(true);
    if (pairingCode) {
      // The PC's web login named a member we can't match without a mobile: confirm on the phone.
      setPairing(pairingCode);
      params.delete('wecom_pairing');
      params.delete('authenticator');
      const search = params.toString();
      navigate({ pathname: location.pathname, search: search ? `?${search}` : '' }, { replace: true });
    }
    if (failed) {
      // The callback from WeCom is a plain navigation (no X-Locale), so the server may have answered in the
      // app's default language. Its English sentences are our i18n keys: show them in the UI language; a
      // message that is not a key (already translated, or with values filled in) stays as it is.
      setError(t(failed, { defaultValue: failed, nsSeparator: false, keySeparator: false, interpolation: { escapeValue: false } }));
      params.delete('error');
      params.delete('authenticator');
      const search = params.toString();
      navigate({ pathname: location.pathname, search: search ? `?${search}` : '' }, { replace: true });
    }
    // Runs once, on the address the page was opened with.
  }, []);

  const start = async () => {
    setError(undefined);
    setLoading(true);
    try {
      const redirect = safeTarget(new URLSearchParams(location.search).get('redirect'), host.defaultTarget, host.appPaths);
      const response = await host.api.request({
        url: 'wecom:getAuthUrl',
        method: 'post',
        headers: { 'X-Authenticator': authenticator.name },
        params: host.locale() ? { locale: host.locale() as string } : undefined,
        data: { redirect },
        skipNotify: true,
      });
      const url = unwrap<{ url?: string }>(response)?.url;
      if (!url) throw new Error(t('The server did not return a WeCom address.'));
      window.location.replace(url);
    } catch (cause) {
      setError(t('Could not start the WeCom sign-in: {{message}}', { message: errorMessage(cause) }));
      setLoading(false);
    }
  };

  const label = automatic ? t('Signing in with WeCom…') : options.buttonText || t('Sign in with WeCom');
  const button = (
    <Button
      block
      icon={<WechatWorkOutlined />}
      loading={loading || automatic}
      onClick={start}
      data-testid={`wecom-sign-in-${authenticator.name}`}
    >
      {label}
    </Button>
  );

  const endPairing = (message?: string) => {
    setPairing(undefined);
    if (message) setError(message);
  };

  const redirectTarget = safeTarget(new URLSearchParams(location.search).get('redirect'), host.defaultTarget, host.appPaths);
  const showPanel = panel.kind === 'panel' && !panelProblem && !pairing && !automatic;
  const fallbackReason = panel.kind === 'fallback' ? t(panel.reason, { ...panel.values, interpolation: { escapeValue: false } }) : panelProblem;

  return (
    <Space direction="vertical" style={{ display: 'flex' }}>
      {showPanel ? (
        <>
          {authenticator.title ? <Typography.Text strong>{authenticator.title}</Typography.Text> : null}
          <LoginPanel host={host} authenticator={authenticator.name} redirect={redirectTarget} t={t} onFallback={setPanelProblem} />
        </>
      ) : null}
      {fallbackReason && !pairing ? (
        <Alert
          type="info"
          showIcon
          message={fallbackReason}
          description={t('Use the button below instead.')}
          data-testid={`wecom-panel-fallback-${authenticator.name}`}
        />
      ) : null}
      {pairing ? <PairingPanel host={host} authenticator={authenticator.name} code={pairing} onEnd={endPairing} /> : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setError(undefined)}
          message={t('WeCom sign-in failed')}
          description={error}
          data-testid={`wecom-sign-in-error-${authenticator.name}`}
        />
      ) : null}
      {pairing || showPanel ? null : options.tooltip ? <Tooltip title={options.tooltip}>{button}</Tooltip> : button}
    </Space>
  );
}
