import { createWWLoginPanel, type WWLoginInstance, type WWLoginOptions } from '@wecom/jssdk';
import { Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { callbackLocation, PANEL_REASONS, panelParams } from '../login-panel';
import { unwrap, type WeComHost } from '../host';
import type { Translate } from './useWeComT';

/** Without `onCheckWeComLogin` by then, the panel counts as not loaded. */
const LOAD_TIMEOUT_MS = 10_000;
/** Our state lives 10 minutes: a panel left open gets a new one before that. */
const RENEW_AFTER_MS = 9 * 60_000;

export interface LoginPanelProps {
  host: Pick<WeComHost, 'api' | 'locale'>;
  authenticator: string;
  /** The checked sign-in target (`?redirect=`). */
  redirect: string;
  t: Translate;
  /** The panel can't be used: why, translated. The page shows the button instead. */
  onFallback(reason: string): void;
}

/**
 * WeCom's own login panel (`@wecom/jssdk`, bundled), in an iframe on the sign-in page. Its parameters come from
 * `wecom:getAuthUrl`, so the state, its browser binding and the hand-off are those of the redirect; with
 * `redirect_type: 'callback'` the panel hands the code to this page, which goes on to `wecom:callback` exactly as
 * WeCom's redirect would.
 */
export function LoginPanel({ host, authenticator, redirect, t, onFallback }: LoginPanelProps) {
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let panel: WWLoginInstance | undefined;
    let stopped = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const fallback = (reason: string) => {
      if (stopped) return;
      stopped = true;
      panel?.unmount();
      onFallback(reason);
    };

    const mount = async () => {
      let url: string | undefined;
      try {
        const response = await host.api.request({
          url: 'wecom:getAuthUrl',
          method: 'post',
          headers: { 'X-Authenticator': authenticator },
          params: host.locale() ? { locale: host.locale() as string } : undefined,
          data: { redirect },
          skipNotify: true,
        });
        url = unwrap<{ url?: string }>(response)?.url;
      } catch {
        url = undefined;
      }
      if (stopped || !container.current) return;
      if (!url) return fallback(t(PANEL_REASONS.notLoaded));
      const params = panelParams(url, host.locale());
      let loaded = false;
      panel?.unmount();
      panel = createWWLoginPanel({
        el: container.current,
        params: params as WWLoginOptions['params'],
        onCheckWeComLogin() {
          loaded = true;
          setReady(true);
        },
        onLoginSuccess({ code }) {
          stopped = true;
          window.location.assign(callbackLocation(params.redirect_uri, code, params.state));
        },
        onLoginFail(error) {
          const message = error?.errMsg || (error?.errCode !== undefined ? String(error.errCode) : '');
          fallback(t(PANEL_REASONS.loginFailed, { message, interpolation: { escapeValue: false } }));
        },
      });
      timers.push(setTimeout(() => loaded || fallback(t(PANEL_REASONS.notLoaded)), LOAD_TIMEOUT_MS));
      timers.push(setTimeout(() => stopped || mount(), RENEW_AFTER_MS));
    };
    mount();
    return () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      panel?.unmount();
    };
  }, [authenticator, redirect]);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center' }} data-testid={`wecom-login-panel-${authenticator}`}>
      {ready ? null : <Spin />}
      <div ref={container} />
    </div>
  );
}
