import fs from 'node:fs';
import path from 'node:path';

/**
 * Puts the demo's NocoBase side in place through NocoBase's own REST API, once:
 * a user whose phone matches a WeCom member, the `wecom` authenticator pointing at the emulator, and the
 * `wecom-directory` sync source that reads the emulator's directory, and the `wecom` notification channel.
 * Anything that already exists is left as the admin changed it.
 */
export async function seedNocoBaseDemo({ root, appUrl, emulatorUrl, account, password }) {
  const template = fs.readFileSync(path.join(root, 'demo', 'nocobase-seed.json'), 'utf8');
  const seed = JSON.parse(template.replaceAll('${APP_ORIGIN}', appUrl).replaceAll('${EMULATOR_URL}', emulatorUrl));
  const token = await signIn(appUrl, account, password);
  const api = (action, init = {}) => callApi(appUrl, token, action, init);
  const done = [];

  for (const user of seed.users) {
    const existing = await api(`users:list?filter=${encodeURIComponent(JSON.stringify({ username: user.username }))}`);
    if (existing.length === 0) {
      await api('users:create', { method: 'POST', body: user });
      done.push(`created user ${user.username} (phone ${user.phone})`);
    }
  }
  const { name } = seed.authenticator;
  const authenticators = await api(`authenticators:list?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
  if (authenticators.length === 0) {
    await api('authenticators:create', { method: 'POST', body: seed.authenticator });
    done.push(`created authenticator ${name} → ${emulatorUrl}`);
  }
  if (seed.syncSource) {
    const sourceName = seed.syncSource.name;
    const sources = await api(`userDataSyncSources:list?filter=${encodeURIComponent(JSON.stringify({ name: sourceName }))}`).catch(() => null);
    // null: plugin-user-data-sync is not enabled, so there is no directory sync to set up.
    if (sources && sources.length === 0) {
      await api('userDataSyncSources:create', { method: 'POST', body: seed.syncSource });
      done.push(`created directory sync source ${sourceName} (run it in Users & Permissions → Synchronize)`);
    }
  }
  if (seed.notificationChannel) {
    const channelName = seed.notificationChannel.name;
    const channels = await api(`notificationChannels:list?filter=${encodeURIComponent(JSON.stringify({ name: channelName }))}`).catch(() => null);
    // null: the notification manager is not enabled.
    if (channels && channels.length === 0) {
      await api('notificationChannels:create', { method: 'POST', body: seed.notificationChannel });
      done.push(`created notification channel ${channelName} (WeCom app messages; inboxes on the emulator)`);
    }
  }
  return done;
}

async function signIn(appUrl, account, password) {
  const response = await fetch(`${appUrl}/api/auth:signIn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' },
    body: JSON.stringify({ account, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body?.data?.token) {
    throw new Error(`could not sign in as ${account} to set up the demo (HTTP ${response.status})`);
  }
  return body.data.token;
}

async function callApi(appUrl, token, action, { method = 'GET', body } = {}) {
  const response = await fetch(`${appUrl}/api/${action}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'X-Authenticator': 'basic', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = payload?.errors?.map((error) => error.message).join('; ') || `HTTP ${response.status}`;
    throw new Error(`${action}: ${message}`);
  }
  return payload.data;
}
