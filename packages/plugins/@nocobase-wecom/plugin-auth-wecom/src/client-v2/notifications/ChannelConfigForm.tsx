import { useApp } from '@nocobase/client-v2';
import { CHANNEL_FIELDS } from '../../common/settings/channel';
import type { CheckEnv } from '../../common/settings/checks';
import { SettingsFields } from '../../client-common/ui/SettingsFields';

/** The channel's fields have no path checks: no app paths needed. */
const NO_PATHS: CheckEnv = {};

/** Inside the channel drawer's antd `Form`: absolute names (`['options', 'authenticator']`). */
export function ChannelConfigForm() {
  const app = useApp();
  return <SettingsFields fields={CHANNEL_FIELDS} env={NO_PATHS} api={app.apiClient} />;
}

export default ChannelConfigForm;
