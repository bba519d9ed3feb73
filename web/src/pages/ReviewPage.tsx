import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, get, post } from '../api/client';
import type { HistoryItem, ListingSummary, Match, Page, RejectReason } from '../api/types';
import { BandTag, ExplanationSummary } from '../components/Explanation';
import { Highlighted } from '../components/Highlighted';
import { RematchButton } from '../components/RematchButton';
import { MatchStatusTag } from '../components/MatchCards';
import { SectorCascader, SectorTags } from '../components/sectors';
import { LoadError } from '../components/states';
import { BANDS, DISTRICTS, MATCH_STATUSES, REJECT_REASONS } from '../api/vocabulary.gen';
import { options, useLabels } from '../hooks/useLabels';
import { withVariants } from '../lib/highlight';

type Decision = 'approve' | 'reject';
type Sort = '-score' | 'band' | '-createdAt';

function Side({
  title,
  listing,
  terms,
  kindLabel,
  link,
}: {
  title: string;
  listing: ListingSummary;
  terms: string[];
  kindLabel: string;
  link: string;
}) {
  const l = useLabels();
  return (
    <Card size="small" title={title} extra={<Link to={link}>↗</Link>} style={{ height: '100%' }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <Highlighted text={listing.title} terms={terms} />
      </Typography.Title>
      <Space wrap size={[4, 4]} style={{ marginBottom: 8 }}>
        <Tag>{kindLabel}</Tag>
        <Tag>{listing.organizationName}</Tag>
        <Tag>{l.district(listing.district)}</Tag>
      </Space>
      <div style={{ marginBottom: 8 }}>
        <SectorTags sectors={listing.sectors} />
      </div>
      {listing.keywords.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          <Highlighted text={listing.keywords.join('、')} terms={terms} />
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto' }}>
        <Highlighted text={listing.description} terms={terms} />
      </Typography.Paragraph>
    </Card>
  );
}

export default function ReviewPage() {
  const { t } = useTranslation();
  const l = useLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string>('suggested');
  const [minScore, setMinScore] = useState<number | null>(null);
  const [district, setDistrict] = useState<string>();
  const [sector, setSector] = useState<string[]>([]);
  const [bands, setBands] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort>('-score');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [noteShared, setNoteShared] = useState(false);
  const [rejectReason, setRejectReason] = useState<RejectReason>();

  const queue = useQuery({
    queryKey: ['review-queue', { status, minScore, district, sector: sector[0], bands, sort, page, pageSize }],
    queryFn: () =>
      get<Page<Match>>('/matches', {
        status,
        minScore: minScore ?? undefined,
        district,
        sector: sector[0],
        band: bands.length ? bands.join(',') : undefined,
        page,
        pageSize,
        sort,
      }),
    placeholderData: (prev) => prev,
  });
  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const selectedIndex = items.findIndex((m) => m.id === selectedId);
  const selected = selectedIndex >= 0 ? items[selectedIndex] : null;
  const detail = useQuery({
    queryKey: ['match', selectedId],
    queryFn: () => get<Match>(`/matches/${selectedId}`),
    enabled: !!selectedId,
  });
  const history = useQuery({
    queryKey: ['match-history', selectedId],
    queryFn: () => get<{ items: HistoryItem[] }>(`/matches/${selectedId}/history`),
    enabled: !!selectedId,
  });
  // The queue's rows carry a short explanation (GET /matches); the panel shows the selected match read whole.
  const match = detail.data ?? null;

  const decide = useMutation({
    mutationFn: ({ id, kind, expectedStatus }: { id: string; kind: Decision; expectedStatus: string }) =>
      post<Match>(`/matches/${id}/${kind}`, {
        note: note.trim() || undefined,
        shared: note.trim() ? noteShared : undefined,
        reason: kind === 'reject' ? rejectReason : undefined,
        expectedStatus,
      }),
    onSuccess: (m, v) => {
      void message.success(v.kind === 'approve' ? t('review.approved') : t('review.rejected'));
      const next = items[selectedIndex + 1] ?? items[selectedIndex - 1] ?? null;
      setSelectedId(next && next.id !== m.id ? next.id : null);
      setDecision(null);
      setNote('');
      setNoteShared(false);
      setRejectReason(undefined);
      void qc.invalidateQueries({ queryKey: ['review-queue'] });
      void qc.invalidateQueries({ queryKey: ['match', m.id] });
    },
    onError: (e) => {
      // A 400 (e.g. reason "other" without a note) keeps the dialog open to be corrected.
      if (e instanceof ApiError && e.status === 400) {
        void message.error(e.fieldErrors.map((f) => f.message).join('；') || e.message, 6);
        return;
      }
      setDecision(null);
      const current = (e instanceof ApiError ? (e.body?.details as { currentStatus?: string } | undefined) : undefined)
        ?.currentStatus;
      if (e instanceof ApiError && e.status === 409 && current) {
        void message.warning(t('review.conflict', { status: l.matchStatus(current) }), 6);
        void qc.invalidateQueries({ queryKey: ['review-queue'] });
        void qc.invalidateQueries({ queryKey: ['match', selectedId] });
      } else {
        // e.g. the capability's introductions are full: the server says why.
        void message.error(e.message, 6);
        void qc.invalidateQueries({ queryKey: ['review-queue'] });
      }
    },
  });

  const open = useCallback(
    (kind: Decision) => {
      if (match && match.status === 'suggested') setDecision(kind);
    },
    [match],
  );

  // j / k move through the queue, a approves, r rejects (not while typing or with a dialog open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        decision ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) ||
        target?.isContentEditable
      )
        return;
      if (e.key === 'j' || e.key === 'k') {
        const i = selectedIndex < 0 ? 0 : selectedIndex + (e.key === 'j' ? 1 : -1);
        const m = items[Math.max(0, Math.min(items.length - 1, i))];
        if (m) setSelectedId(m.id);
      } else if (e.key === 'a') open('approve');
      else if (e.key === 'r') open('reject');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selectedIndex, decision, open]);

  const columns: ColumnsType<Match> = [
    {
      title: t('common.score'),
      dataIndex: 'score',
      width: 72,
      render: (s: number) => <Typography.Text strong>{s.toFixed(2)}</Typography.Text>,
    },
    {
      title: t('review.band'),
      dataIndex: 'band',
      width: 64,
      render: (b: Match['band']) => <BandTag band={b} />,
    },
    {
      title: `${t('review.need')} ↔ ${t('review.capability')}`,
      key: 'pair',
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{m.need.title}</Typography.Text>
          <Typography.Text type="secondary">
            ↔ {m.capability.title}（{m.capability.organizationName}）
            {m.status === 'suggested' && m.capacity?.full && (
              <Tag color="red" style={{ marginLeft: 6 }}>
                {t('life.full')}
              </Tag>
            )}
          </Typography.Text>
        </Space>
      ),
    },
    ...(status !== 'suggested'
      ? [
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <MatchStatusTag status={s} />,
          },
        ]
      : []),
  ];

  const terms = withVariants(match?.explanation.keyword.terms?.map((x) => x.term) ?? []);
  const e = match?.explanation;
  const rejectIncomplete = decision === 'reject' && (!rejectReason || (rejectReason === 'other' && !note.trim()));

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
      <Space wrap>
        <Select
          style={{ width: 120 }}
          value={status}
          options={options(MATCH_STATUSES, l.matchStatus)}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
            setSelectedId(null);
          }}
        />
        <InputNumber
          min={0}
          max={1}
          step={0.05}
          placeholder={t('review.minScore')}
          value={minScore}
          onChange={(v) => {
            setMinScore(v);
            setPage(1);
          }}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('common.district')}
          style={{ width: 140 }}
          options={options(DISTRICTS, l.district)}
          value={district}
          onChange={(v) => {
            setDistrict(v);
            setPage(1);
          }}
        />
        <div style={{ width: 260 }}>
          <SectorCascader
            value={sector}
            onChange={(v) => {
              setSector(v.slice(-1));
              setPage(1);
            }}
            placeholder={t('listing.sectors')}
          />
        </div>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('review.band')}
          placeholder={t('review.band')}
          style={{ minWidth: 140 }}
          options={options(BANDS, l.band)}
          value={bands}
          onChange={(v) => {
            setBands(v);
            setPage(1);
          }}
        />
        <Select<Sort>
          aria-label={t('review.sort')}
          style={{ width: 200 }}
          value={sort}
          options={[
            { value: '-score', label: t('review.sortScore') },
            { value: 'band', label: t('review.sortBand') },
            { value: '-createdAt', label: t('review.sortNewest') },
          ]}
          onChange={(v) => {
            setSort(v);
            setPage(1);
          }}
        />
      </Space>
      {queue.error ? (
        <LoadError error={queue.error} retry={() => void queue.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={9}>
            <Table<Match>
              rowKey="id"
              size="small"
              loading={queue.isFetching}
              columns={columns}
              dataSource={items}
              locale={{ emptyText: <Empty description={t('review.empty')} /> }}
              onRow={(m) => ({
                onClick: () => setSelectedId(m.id),
                style: { cursor: 'pointer', background: m.id === selectedId ? '#fff1f0' : undefined },
              })}
              pagination={{
                current: page,
                pageSize,
                total: queue.data?.total ?? 0,
                size: 'small',
                showSizeChanger: true,
                showTotal: (n) => t('common.total', { count: n }),
                onChange: (p, s) => {
                  setPage(p);
                  setPageSize(s);
                  setSelectedId(null);
                },
              }}
            />
          </Col>
          <Col xs={24} xl={15}>
            {!selected ? (
              <Card>
                <Empty description={t('review.pick')} />
              </Card>
            ) : detail.isError ? (
              <Card>
                <Empty description={detail.error.message} />
              </Card>
            ) : !match || !e ? (
              <Card loading />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Card size="small">
                  <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
                    <Space wrap>
                      <Typography.Title level={3} style={{ margin: 0 }}>
                        {match.score.toFixed(3)}
                      </Typography.Title>
                      <BandTag band={match.band ?? e.band} />
                      <MatchStatusTag status={match.status} />
                      {match.rejectReason && (
                        <Tag>
                          {t('review.rejectReason')}：{l.rejectReason(match.rejectReason)}
                        </Tag>
                      )}
                      {match.capacity?.full && match.status === 'suggested' && (
                        <Tag color="red">
                          {t('life.capacity')} {match.capacity.active}/{match.capacity.max} · {t('life.full')}
                        </Tag>
                      )}
                      <Typography.Text type="secondary">
                        #{match.rank} · {e.algorithmVersion}
                      </Typography.Text>
                    </Space>
                    <Space>
                      <Button type="primary" disabled={match.status !== 'suggested'} onClick={() => open('approve')}>
                        {t('review.approve')}
                      </Button>
                      <Button danger disabled={match.status !== 'suggested'} onClick={() => open('reject')}>
                        {t('review.reject')}
                      </Button>
                    </Space>
                  </Space>
                </Card>
                <ExplanationSummary explanation={e} band={match.band} />
                <Row gutter={[12, 12]}>
                  <Col xs={24} md={12}>
                    <Side
                      title={t('review.need')}
                      listing={match.need}
                      terms={terms}
                      kindLabel={l.needKind(match.need.kind)}
                      link={`/needs/${match.needId}`}
                    />
                  </Col>
                  <Col xs={24} md={12}>
                    <Side
                      title={t('review.capability')}
                      listing={match.capability}
                      terms={terms}
                      kindLabel={l.capabilityKind(match.capability.kind)}
                      link={`/capabilities/${match.capabilityId}`}
                    />
                  </Col>
                </Row>
                <Card
                  size="small"
                  title={`${t('review.matchedTerms')} · ${t('review.keywordScore')} ${e.keyword.score.toFixed(2)}`}
                >
                  <Space wrap size={[4, 8]}>
                    {(e.keyword.terms ?? []).map((x) => (
                      <Tooltip key={x.term} title={`weight ${x.weight} · ${(x.contribution * 100).toFixed(1)}%`}>
                        <Tag color="gold">
                          {x.term} · {(x.contribution * 100).toFixed(0)}%
                        </Tag>
                      </Tooltip>
                    ))}
                  </Space>
                </Card>
                <Row gutter={[12, 12]}>
                  {e.sector && (
                    <Col xs={24} md={12}>
                      <Card
                        size="small"
                        title={`${t('review.sectorPart')} · ${e.sector.score === null ? '—' : e.sector.score.toFixed(2)}（×${e.sector.factor}）`}
                        style={{ height: '100%' }}
                      >
                        {e.sector.matched.length === 0 ? (
                          <Typography.Text type="secondary">
                            {e.sector.score === null ? t('review.unknownSector') : '0'}
                          </Typography.Text>
                        ) : (
                          e.sector.matched.map((s) => (
                            <div key={`${s.need}-${s.capability}`}>
                              <SectorTags sectors={[s.need]} /> ↔ <SectorTags sectors={[s.capability]} />{' '}
                              <Tag>
                                {l.relation(s.relation)} {s.credit}
                              </Tag>
                              {s.inferred && <Tag color="purple">inferred</Tag>}
                            </div>
                          ))
                        )}
                      </Card>
                    </Col>
                  )}
                  <Col xs={24} md={12}>
                    <Card size="small" title={t('review.factors')} style={{ height: '100%' }}>
                      <Descriptions column={1} size="small">
                        {Object.entries(e.factors ?? {}).map(([k, f]) => (
                          <Descriptions.Item key={k} label={`${l.factor(k)} ×${f.value}`}>
                            {f.reason}
                          </Descriptions.Item>
                        ))}
                      </Descriptions>
                    </Card>
                  </Col>
                </Row>
                <Card size="small" title={t('review.history')}>
                  <Timeline
                    items={(history.data?.items ?? []).map((h) => ({
                      children: (
                        <span>
                          {new Date(h.at).toLocaleString()} ·{' '}
                          {h.actor ? `${h.actor.name}（${l.role(h.actor.role)}）` : t('review.system')} ·{' '}
                          {h.from ? `${l.matchStatus(h.from)} → ` : ''}
                          {l.matchStatus(h.to)}
                          {h.note ? ` · ${h.note}` : ''}
                          {h.note ? (
                            <Tag style={{ marginInlineStart: 8 }} color={h.shared ? 'blue' : 'default'}>
                              {h.shared ? t('life.shared') : t('life.internal')}
                            </Tag>
                          ) : null}
                        </span>
                      ),
                    }))}
                  />
                </Card>
              </Space>
            )}
          </Col>
        </Row>
      )}
      <Modal
        open={!!decision}
        title={decision === 'approve' ? t('review.approveTitle') : t('review.rejectTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: decision === 'reject', loading: decide.isPending, disabled: rejectIncomplete }}
        onOk={() => match && decision && decide.mutate({ id: match.id, kind: decision, expectedStatus: match.status })}
        onCancel={() => setDecision(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {match?.need.title} ↔ {match?.capability.title}
        </Typography.Paragraph>
        {decision === 'reject' && (
          <div style={{ marginBottom: 12 }}>
            <Typography.Text id="reject-reason-label">{t('review.rejectReason')}</Typography.Text>
            <Select<RejectReason>
              aria-labelledby="reject-reason-label"
              placeholder={t('review.rejectReasonRequired')}
              style={{ width: '100%', marginTop: 4 }}
              options={options(REJECT_REASONS, l.rejectReason)}
              value={rejectReason}
              onChange={setRejectReason}
              autoFocus
            />
          </div>
        )}
        <Input.TextArea
          aria-label={t('review.note')}
          placeholder={
            decision === 'reject' && rejectReason === 'other'
              ? t('review.rejectNoteRequired')
              : t('review.notePlaceholder')
          }
          status={decision === 'reject' && rejectReason === 'other' && !note.trim() ? 'warning' : undefined}
          value={note}
          onChange={(ev) => setNote(ev.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={2000}
          autoFocus={decision !== 'reject'}
        />
        <Checkbox checked={noteShared} onChange={(ev) => setNoteShared(ev.target.checked)} style={{ marginTop: 8 }}>
          {t('life.shared')}
        </Checkbox>
      </Modal>
    </Space>
  );
}
