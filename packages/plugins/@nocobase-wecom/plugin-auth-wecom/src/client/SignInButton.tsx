import { useApp } from '@nocobase/client';
import type { Authenticator } from '@nocobase/plugin-auth/client';
import { useMemo } from 'react';
import { WeComSignInButton } from '../client-common/ui/SignInButton';
import { v1Host } from './host';

export function SignInButton({ authenticator }: { authenticator: Authenticator }) {
  const app = useApp();
  const host = useMemo(() => v1Host(app), [app]);
  return <WeComSignInButton authenticator={authenticator} host={host} />;
}
