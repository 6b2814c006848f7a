import { SchemaSettingsItem, useApp, type Application } from '@nocobase/client';
import { Typography } from 'antd';
import { useEffect, useSyncExternalStore } from 'react';
import { runProfileLinkAction } from '../client-common/profile-link/action';
import { readMyBinding } from '../client-common/profile-link/api';
import { createBindingStore, type BindingStore } from '../client-common/profile-link/binding-store';
import { profileLinkTexts } from '../client-common/profile-link/texts';
import { useWeComT } from '../client-common/ui/useWeComT';
import { v1Host } from './host';

const stores = new WeakMap<Application, BindingStore>();

/** One binding store per app, so the menu shows what was read before it opened. */
export function profileLinkStore(app: Application): BindingStore {
  let store = stores.get(app);
  if (!store) {
    const host = v1Host(app);
    store = createBindingStore(() => readMyBinding(host.api));
    stores.set(app, store);
  }
  return store;
}

/**
 * The classic UI's avatar menu entry: "WeCom: not linked — Link" / "Linked as 张三 (zhangsan) — Unlink". The
 * classic menu is a schema-settings list (`userCenterSettings`) whose items are collected in one render when it
 * opens, so this item must not wait for a request: it is left out only when the binding is known to be none,
 * and its label reads the binding itself.
 */
export function ProfileLinkMenuItem() {
  const app = useApp();
  const t = useWeComT();
  const store = profileLinkStore(app);
  if (store.get() === null) return null;
  const onClick = async () => {
    const binding = store.get();
    if (binding && (await runProfileLinkAction(v1Host(app), t, binding))) await store.refresh();
  };
  return (
    <SchemaSettingsItem eventKey="wecomProfileLink" title="wecomProfileLink" onClick={() => void onClick()}>
      <ProfileLinkLabel store={store} />
    </SchemaSettingsItem>
  );
}

function ProfileLinkLabel({ store }: { store: BindingStore }) {
  const t = useWeComT();
  const binding = useSyncExternalStore(store.subscribe, store.get);
  useEffect(() => void store.refresh(), [store]);
  if (!binding) return <span>{t('WeCom')}</span>;
  const { status, action } = profileLinkTexts(t, binding);
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16 }}>
      <span>{status}</span>
      <Typography.Text type="secondary">{action}</Typography.Text>
    </div>
  );
}
