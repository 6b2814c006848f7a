import { Button, Empty, message, Popconfirm, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, type ApiLike } from '../host';
import { useWeComT } from '../ui/useWeComT';
import { listBindings, unlinkUser, type UserBinding } from './api';

const PAGE_SIZE = 20;

/**
 * Users & Permissions → WeCom: every user linked to a WeCom member, with a Remove action. NocoBase's users table
 * takes no columns or row actions from plugins, so the links are listed on a tab of their own next to it.
 */
export function BindingsTable({ api }: { api: ApiLike }) {
  const t = useWeComT();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ rows: UserBinding[]; count: number }>({ rows: [], count: 0 });
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await listBindings(api, page, PAGE_SIZE));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setLoading(false);
    }
  }, [api, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (row: UserBinding) => {
    try {
      await unlinkUser(api, row.authenticator, row.userId);
      void message.success(t('The WeCom link was removed.'));
      await load();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const userOf = (row: UserBinding) => row.nickname || row.username || row.email || `#${row.userId}`;
  return (
    <Table<UserBinding>
      className="wecom-bindings-table"
      rowKey={(row) => `${row.authenticator}:${row.userId}`}
      loading={loading}
      dataSource={data.rows}
      locale={{ emptyText: <Empty description={t('No user is linked to WeCom yet.')} /> }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total: data.count, onChange: setPage, hideOnSinglePage: true }}
      columns={[
        { title: t('User'), key: 'user', render: (_, row) => userOf(row) },
        { title: t('Username'), dataIndex: 'username' },
        { title: t('Email'), dataIndex: 'email' },
        {
          title: t('WeCom member'),
          key: 'member',
          render: (_, row) => (
            <span>
              {row.memberName} <Typography.Text type="secondary">({row.memberId})</Typography.Text>
            </span>
          ),
        },
        { title: t('Sign-in method'), dataIndex: 'authenticator' },
        { title: t('Linked at'), key: 'linkedAt', render: (_, row) => (row.linkedAt ? new Date(row.linkedAt).toLocaleString() : '') },
        {
          title: t('Actions'),
          key: 'actions',
          render: (_, row) => (
            <Popconfirm
              title={t('Remove the WeCom link of {{user}}?', { user: userOf(row) })}
              description={t('They can no longer sign in with WeCom as {{member}} until they link it again.', { member: row.memberName || row.memberId })}
              okText={t('Remove')}
              cancelText={t('Cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(row)}
            >
              <Button type="link" danger size="small">
                {t('Remove')}
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}
