import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { authenticatorOptions, fetchWeComAuthenticators, type ListApi } from '../notifications/authenticators';
import { useWeComT } from './useWeComT';

export interface AuthenticatorSelectProps {
  /** The app's API client (`useApp().apiClient`); without it the list stays empty. */
  api?: ListApi;
  value?: string;
  onChange?: (value: string | undefined) => void;
  disabled?: boolean;
}

/** A select of the enabled WeCom authenticators (the kind `authenticator` of a settings field). */
export function AuthenticatorSelect({ api, value, onChange, disabled }: AuthenticatorSelectProps) {
  const t = useWeComT();
  const [rows, setRows] = useState<unknown[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!api) return undefined;
    let live = true;
    setLoading(true);
    fetchWeComAuthenticators(api)
      .then((list) => live && setRows(list))
      .catch(() => live && setRows([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [api]);
  const options = useMemo(() => authenticatorOptions(rows, value), [rows, value]);
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      loading={loading}
      disabled={disabled}
      value={value || undefined}
      onChange={(next: string | undefined) => onChange?.(next)}
      options={options}
      placeholder={t('Select a WeCom authenticator')}
      notFoundContent={loading ? undefined : t('No enabled WeCom authenticator. Add one under Authentication first.')}
      data-testid="wecom-channel-authenticator"
    />
  );
}
