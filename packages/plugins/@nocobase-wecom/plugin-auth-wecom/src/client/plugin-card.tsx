import type { Application } from '@nocobase/client';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { AUTHENTICATORS_SETTINGS, PLUGIN_NAME } from '../common/plugin-card';

function OpenAuthenticators() {
  const navigate = useNavigate();
  useEffect(() => navigate(`/admin/settings/${AUTHENTICATORS_SETTINGS.replace('.', '/')}`, { replace: true }), [navigate]);
  return null;
}

/**
 * The classic Plugin Manager shows a card's Settings link when a settings page is registered under the plugin's
 * name: a hidden one that forwards to Authentication, where WeCom authenticators are set up.
 */
export function registerPluginCardLinkV1(app: Application): void {
  app.pluginSettingsManager.add(PLUGIN_NAME, {
    title: app.i18n.t('WeCom', { ns: PLUGIN_NAME }),
    icon: 'LoginOutlined',
    Component: OpenAuthenticators,
    aclSnippet: `pm.${AUTHENTICATORS_SETTINGS}`,
    hidden: true,
  });
}
