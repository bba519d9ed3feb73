import { Space, Table, Typography, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from './states';

/** What a list's query hook gives (a page of the API's `{items, total}`). */
export interface PagedQuery<T> {
  data?: { items: T[]; total: number };
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

export const PAGE_SIZES = [10, 20, 50, 100];

/**
 * A table over one page of a server-paged list: the total below it, a page-size changer unless `fixedSize`, and
 * the load error (with a retry) in its place when the page could not be read.
 */
export function PagedTable<T extends object>({
  query,
  page,
  pageSize,
  onPage,
  fixedSize = false,
  loading,
  ...table
}: Omit<TableProps<T>, 'dataSource' | 'pagination'> & {
  query: PagedQuery<T>;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  fixedSize?: boolean;
}) {
  const { t } = useTranslation();
  if (query.error) return <LoadError error={query.error} retry={() => void query.refetch()} />;
  return (
    <Table<T>
      size="middle"
      scroll={{ x: 'max-content' }}
      {...table}
      loading={loading ?? query.isFetching}
      dataSource={query.data?.items ?? []}
      pagination={{
        current: page,
        pageSize,
        total: query.data?.total ?? 0,
        showSizeChanger: !fixedSize,
        pageSizeOptions: fixedSize ? undefined : PAGE_SIZES,
        showTotal: (n) => t('common.total', { count: n }),
        onChange: onPage,
      }}
    />
  );
}

/** A list page's title, with its main action (新建…) at the other end. */
export function ListHeader({ title, action, level = 4 }: { title: ReactNode; action?: ReactNode; level?: 3 | 4 }) {
  return (
    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
      <Typography.Title level={level} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {action}
    </Space>
  );
}
