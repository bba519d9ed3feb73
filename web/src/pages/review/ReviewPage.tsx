import { App, Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useDecide, useMatch, useMatchHistory, useReviewQueue, type Decision } from '../../api/matches';
import type { Match } from '../../api/types';
import { RematchButton } from '../../components/RematchButton';
import { LoadError } from '../../components/states';
import { useLabels } from '../../hooks/useLabels';
import { DecisionDialog } from './DecisionDialog';
import { FiltersBar } from './FiltersBar';
import { MatchDetail } from './MatchDetail';
import { QueueTable } from './QueueTable';
import { useQueueFilters } from './useQueueFilters';
import { useReviewKeys } from './useReviewKeys';

/** Coordinators' review queue: filters, the page of suggestions, the selected one read whole, approve or reject. */
export default function ReviewPage() {
  const { t } = useTranslation();
  const l = useLabels();
  const { message } = App.useApp();
  const { filters, change, page, pageSize, setPage, setPageSize, query, loaded } = useQueueFilters();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision['kind'] | null>(null);

  const queue = useReviewQueue(query);
  useEffect(() => {
    if (queue.data && !queue.isPlaceholderData) loaded(page, queue.data.nextCursor);
  }, [queue.data, queue.isPlaceholderData, page, loaded]);
  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const ids = useMemo(() => items.map((m) => m.id), [items]);
  const selectedIndex = ids.indexOf(selectedId ?? '');
  const detail = useMatch(selectedId);
  const history = useMatchHistory(selectedId);
  // The queue's rows carry a short explanation (GET /matches); the panel shows the selected match read whole.
  const match = (detail.data?.explanation ? detail.data : null) as Match | null;

  const decide = useDecide();
  const submit = (d: Decision) =>
    decide.mutate(d, {
      onSuccess: (m) => {
        void message.success(d.kind === 'approve' ? t('review.approved') : t('review.rejected'));
        const next = items[selectedIndex + 1] ?? items[selectedIndex - 1] ?? null;
        setSelectedId(next && next.id !== m.id ? next.id : null);
        setDecision(null);
      },
      onError: (e) => {
        // A 400 (e.g. reason "other" without a note) keeps the dialog open to be corrected.
        if (e instanceof ApiError && e.status === 400) {
          void message.error(e.fieldErrors.map((f) => f.message).join('；') || e.message, 6);
          return;
        }
        setDecision(null);
        const details = e instanceof ApiError ? (e.body?.details as { currentStatus?: string } | undefined) : undefined;
        if (e instanceof ApiError && e.status === 409 && details?.currentStatus)
          void message.warning(t('review.conflict', { status: l.matchStatus(details.currentStatus) }), 6);
        // e.g. the capability's introductions are full: the server says why.
        else void message.error(e.message, 6);
      },
    });

  const open = useCallback(
    (kind: Decision['kind']) => {
      if (match && match.status === 'suggested') setDecision(kind);
    },
    [match],
  );
  useReviewKeys({ ids, selectedIndex, select: setSelectedId, decide: open, paused: !!decision });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('review.queue')}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">{t('review.shortcuts')}</Typography.Text>
          <RematchButton />
        </Space>
      </Space>
      <FiltersBar filters={filters} change={change} onStatusChange={() => setSelectedId(null)} />
      {queue.error ? (
        <LoadError error={queue.error} retry={() => void queue.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={9}>
            <QueueTable
              items={items}
              total={queue.data?.total ?? 0}
              loading={queue.isFetching}
              showStatus={filters.status !== 'suggested'}
              selectedId={selectedId}
              onSelect={setSelectedId}
              page={page}
              pageSize={pageSize}
              onPage={(p, s) => {
                setPage(p);
                setPageSize(s);
              }}
            />
          </Col>
          <Col xs={24} xl={15}>
            {selectedIndex < 0 ? (
              <Card>
                <Empty description={t('review.pick')} />
              </Card>
            ) : detail.isError ? (
              <Card>
                <Empty description={detail.error.message} />
              </Card>
            ) : !match ? (
              <Card loading />
            ) : (
              <MatchDetail match={match} history={history.data?.items ?? []} onDecide={open} />
            )}
          </Col>
        </Row>
      )}
      {decision && (
        <DecisionDialog
          kind={decision}
          match={match}
          pending={decide.isPending}
          onSubmit={submit}
          onCancel={() => setDecision(null)}
        />
      )}
    </Space>
  );
}
