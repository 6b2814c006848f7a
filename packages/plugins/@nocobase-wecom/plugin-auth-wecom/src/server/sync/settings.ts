/**
 * A WeCom sync source's settings, with its authenticator's: the one place both are read for a sync, an event
 * or a schedule. `{{$env.X}}` values are rendered as NocoBase renders them for sign-ins.
 */
import type { Application } from '@nocobase/server';
import { readSettings } from '../../common/settings/model';
import { SYNC_SOURCE_FIELDS, SYNC_SOURCE_TYPE, type SyncSourceSettings } from '../../common/settings/sync-source';
import { storedWeComSettings } from '../authenticators';
import type { AuthenticatorSettings } from '../options';
import { getWeComClient } from '../wecom-clients';
import type { WeComClient } from '../wecom';

export interface LoadedSyncSource {
  name: string;
  enabled: boolean;
  settings: SyncSourceSettings;
  authenticator: { name: string; settings: AuthenticatorSettings };
}

export class SyncSetupError extends Error {
  constructor(message: string, readonly params: Record<string, string> = {}) {
    super(message);
    this.name = 'SyncSetupError';
  }
}

export const SYNC_SETUP_MESSAGES = {
  noAuthenticator: 'The WeCom authenticator "{{name}}" of this sync source does not exist any more. Choose another one.',
  notConfigured: 'Choose a WeCom authenticator whose Company ID, AgentId and Secret are filled in.',
  contactsSecretRejected:
    'WECOM_INVALID_CONTACTS_SECRET: WeCom rejected the contact-sync Secret. Copy it again from the WeCom admin console (Security and Management → Management tools → Contact sync → Secret), or clear it to sync the app\'s visible range.',
} as const;

type App = Pick<Application, 'db' | 'environment' | 'cache' | 'lockManager'>;

function rendered(app: App, raw: unknown): unknown {
  try {
    return app.environment?.renderJsonTemplate ? app.environment.renderJsonTemplate(raw) : raw;
  } catch {
    return raw;
  }
}

export function readSyncSettings(app: App, raw: unknown): SyncSourceSettings {
  return readSettings(SYNC_SOURCE_FIELDS, rendered(app, raw));
}

/** A WeCom source by name (enabled or not), or undefined for another type or none. */
export async function loadSyncSource(app: App, name: string): Promise<LoadedSyncSource | undefined> {
  const row = await app.db.getRepository('userDataSyncSources').findOne({ filter: { name, sourceType: SYNC_SOURCE_TYPE } });
  if (!row) return undefined;
  const settings = readSyncSettings(app, row.get('options'));
  const authenticator = await storedWeComSettings(app, settings.authenticator);
  if (!authenticator) throw new SyncSetupError(SYNC_SETUP_MESSAGES.noAuthenticator, { name: settings.authenticator });
  if (!authenticator.corpId || !authenticator.agentId || !authenticator.secret) throw new SyncSetupError(SYNC_SETUP_MESSAGES.notConfigured);
  return { name, enabled: Boolean(row.get('enabled')), settings, authenticator: { name: settings.authenticator, settings: authenticator } };
}

/** The app's client, and the contact-sync tool's when its Secret is set (its own token, its own cache key). */
export function syncClients(app: App, source: LoadedSyncSource): { app: WeComClient; contacts?: WeComClient } {
  const { corpId, agentId, secret, apiBaseUrl } = source.authenticator.settings;
  const appClient = getWeComClient(app, { corpId, agentId, secret, apiBaseUrl });
  if (!source.settings.contactsSecret) return { app: appClient };
  return { app: appClient, contacts: getWeComClient(app, { corpId, agentId: 'contacts', secret: source.settings.contactsSecret, apiBaseUrl }) };
}
