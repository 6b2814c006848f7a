import { useApp } from '@nocobase/client';
import { useMemo } from 'react';
import { BindingsTable } from '../client-common/profile-link/BindingsTable';
import { v1Host } from './host';

/** Users & Permissions → WeCom (classic UI). */
export function BindingsSettings() {
  const app = useApp();
  const api = useMemo(() => v1Host(app).api, [app]);
  return <BindingsTable api={api} />;
}
