import { useApp } from '@nocobase/client-v2';
import { useMemo } from 'react';
import { BindingsTable } from '../client-common/profile-link/BindingsTable';
import { v2Host } from './host';

/** Users & Permissions → WeCom (modern UI). */
export default function BindingsSettings() {
  const app = useApp();
  const api = useMemo(() => v2Host(app).api, [app]);
  return <BindingsTable api={api} />;
}
