import { useApp } from '@nocobase/client-v2';
import type { Authenticator } from '@nocobase/plugin-auth/client-v2';
import { useMemo } from 'react';
import { WeComSignInButton } from '../client-common/ui/SignInButton';
import { v2Host } from './host';

export default function SignInButton({ authenticator }: { authenticator: Authenticator }) {
  const app = useApp();
  const host = useMemo(() => v2Host(app), [app]);
  return <WeComSignInButton authenticator={authenticator} host={host} />;
}
