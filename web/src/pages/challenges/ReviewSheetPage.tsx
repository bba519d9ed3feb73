import { ArrowLeftOutlined, FilePdfOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { attachmentUrl, useChallengeWrite, useMyReviews, useReviewSheet } from '../../api/challenges';
import type { Criterion, CriterionScore, SheetView } from '../../api/challenge-types';
import { ApiError } from '../../api/client';
import { LoadError, Loading } from '../../components/states';
import { ProposalView } from './ApplicationPage';
import { ApplicationStatusTag, score as fmt, useChLabels, useErrorText } from './shared';
import { useSheetKeys } from './useSheetKeys';

type Scores = Partial<Record<Criterion, CriterionScore>>;

/**
 * An expert's review of one application (/my-reviews/:challengeId/:appId), focused and keyboard friendly: the
 * proposal on the left, the sheet on the right — each weighted criterion scored 1–5 with a comment (number keys,
 * j / k between criteria, c for the comment, Ctrl+Enter submits). A submitted sheet is final; only then are the other
 * experts' scores shown. A conflict of interest is declared here, and the application is then left alone.
 */
export default function ReviewSheetPage() {
  const { challengeId, appId } = useParams();
  const { t } = useTranslation();
  const l = useChLabels();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const sheet = useReviewSheet(challengeId, appId);
  const assignments = useMyReviews();
  const save = useChallengeWrite<{ scores: Scores; submit: boolean }>(
    challengeId,
    () => `/challenges/${challengeId}/applications/${appId}/review`,
    'PUT',
  );
  const declare = useChallengeWrite<{ reason: string }>(
    challengeId,
    () => `/challenges/${challengeId}/applications/${appId}/conflict`,
  );
  const [scores, setScores] = useState<Scores>({});
  const [current, setCurrent] = useState(0);
  const [conflictOpen, setConflictOpen] = useState(false);
  const [conflictForm] = Form.useForm<{ reason: string }>();
  const comments = useRef<Array<HTMLTextAreaElement | null>>([]);
  const rows = useRef<Array<HTMLDivElement | null>>([]);

  const data = sheet.data;
  const criteria = useMemo(() => (data?.criteria ?? []).filter((c) => c.weight > 0), [data]);
  const submitted = !!data?.mine?.submittedAt;
  const readOnly = submitted || data?.challengeStatus !== 'reviewing';
  useEffect(() => {
    if (data) setScores(data.mine?.scores ?? {});
  }, [data]);
  useEffect(() => {
    rows.current[current]?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const weighted = useMemo(() => {
    const total = criteria.reduce((s, c) => s + c.weight, 0);
    if (!total || criteria.some((c) => !scores[c.key]?.score)) return null;
    return criteria.reduce((s, c) => s + (scores[c.key]!.score * c.weight) / total, 0);
  }, [criteria, scores]);
  const missing = criteria.filter((c) => !scores[c.key]?.score || !scores[c.key]?.comment?.trim());

  const setScore = useCallback(
    (i: number, value: number) => {
      const key = criteria[i]?.key;
      if (!key) return;
      setScores((s) => ({ ...s, [key]: { ...s[key], score: value } }));
    },
    [criteria],
  );
  const setComment = (key: Criterion, comment: string) =>
    setScores((s) => ({ ...s, [key]: { score: s[key]?.score ?? 0, comment } }));
  const body = (submit: boolean) => {
    const clean: Scores = {};
    for (const c of criteria) {
      const x = scores[c.key];
      if (x?.score) clean[c.key] = { score: x.score, comment: x.comment?.trim() || undefined };
    }
    return { scores: clean, submit };
  };
  const next = () => {
    const todo = (assignments.data?.items ?? []).find(
      (a) =>
        a.applicationId !== appId && (a.state === 'todo' || a.state === 'draft') && a.challengeStatus === 'reviewing',
    );
    void navigate(todo ? `/my-reviews/${todo.challengeId}/${todo.applicationId}` : '/my-reviews');
  };
  const saveDraft = () =>
    save.mutate(body(false), {
      onSuccess: () => {
        void message.success(t('ch.sheetSaved'));
        void sheet.refetch();
      },
      onError: (e) => void message.error(errorText(e), 8),
    });
  const submit = useCallback(() => {
    if (readOnly) return;
    if (missing.length) {
      void message.warning(`${t('ch.incomplete')}：${missing.map((c) => l.criterion(c.key)).join('、')}`, 6);
      const i = criteria.findIndex((c) => c.key === missing[0].key);
      setCurrent(i);
      return;
    }
    void modal.confirm({
      title: t('ch.submitSheet'),
      content: t('ch.submitConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () =>
        save.mutateAsync(body(true)).then(
          () => {
            void message.success(t('ch.sheetSubmitted'));
            void sheet.refetch();
          },
          (e: unknown) => void message.error(errorText(e), 8),
        ),
    });
  }, [readOnly, missing, criteria, scores]);

  useSheetKeys({
    count: criteria.length,
    current,
    setCurrent,
    score: (v) => setScore(current, v),
    comment: () => comments.current[current]?.focus(),
    submit,
    paused: readOnly || conflictOpen,
  });

  if (sheet.isLoading) return <Loading />;
  if (sheet.error instanceof ApiError && sheet.error.status === 403) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Link to="/my-reviews">
          <ArrowLeftOutlined /> {t('ch.myReviews')}
        </Link>
        <Alert type="warning" showIcon title={sheet.error.message} />
      </Space>
    );
  }
  if (sheet.error || !data) return <LoadError error={sheet.error} retry={() => void sheet.refetch()} />;
  const a = data.application;

  const others = data.others;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space orientation="vertical" size={0}>
          <Link to="/my-reviews">
            <ArrowLeftOutlined /> {t('ch.myReviews')}
          </Link>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {a.title}
            </Typography.Title>
            <ApplicationStatusTag status={a.status} />
            {submitted && <Tag color="green">{t('ch.state.submitted')}</Tag>}
          </Space>
        </Space>
        <Typography.Text type="secondary">{t('ch.keys')}</Typography.Text>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {a.attachments.length > 0 && (
              <Card size="small" title={t('ch.attachments')}>
                <List
                  size="small"
                  dataSource={a.attachments}
                  renderItem={(f) => (
                    <List.Item>
                      <a href={attachmentUrl(data.challengeId, a.id, f.id)} download={f.filename}>
                        <FilePdfOutlined /> {f.filename}
                      </a>
                    </List.Item>
                  )}
                />
              </Card>
            )}
            <ProposalView application={a} />
          </Space>
        </Col>
        <Col xs={24} xl={11}>
          <Card
            size="small"
            title={t('ch.weighted')}
            extra={<Statistic value={fmt(weighted)} valueStyle={{ fontSize: 20 }} />}
            style={{ position: 'sticky', top: 8 }}
          >
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              {criteria.map((c, i) => {
                const x = scores[c.key];
                return (
                  <div
                    key={c.key}
                    ref={(el) => {
                      rows.current[i] = el;
                    }}
                    role="group"
                    aria-label={l.criterion(c.key)}
                    aria-current={i === current ? 'true' : undefined}
                    onClick={() => setCurrent(i)}
                    style={{
                      padding: 8,
                      borderRadius: 6,
                      border: i === current && !readOnly ? '2px solid #1677ff' : '1px solid #f0f0f0',
                    }}
                  >
                    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
                      <Typography.Text strong>
                        {l.criterion(c.key)}{' '}
                        <Typography.Text type="secondary">{t('ch.weight', { w: c.weight })}</Typography.Text>
                      </Typography.Text>
                      <Radio.Group
                        optionType="button"
                        buttonStyle="solid"
                        size="small"
                        disabled={readOnly}
                        value={x?.score || undefined}
                        onChange={(e) => {
                          setCurrent(i);
                          setScore(i, e.target.value as number);
                        }}
                        options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))}
                      />
                    </Space>
                    <Input.TextArea
                      ref={(el) => {
                        comments.current[i] = el?.resizableTextArea?.textArea ?? null;
                      }}
                      aria-label={`${l.criterion(c.key)} ${t('ch.comment')}`}
                      placeholder={t('ch.comment')}
                      autoSize={{ minRows: 1, maxRows: 5 }}
                      maxLength={2000}
                      disabled={readOnly}
                      value={x?.comment ?? ''}
                      onFocus={() => setCurrent(i)}
                      onChange={(e) => setComment(c.key, e.target.value)}
                      style={{ marginTop: 6 }}
                    />
                  </div>
                );
              })}
              {!readOnly && (
                <Space wrap>
                  <Button type="primary" onClick={submit} loading={save.isPending}>
                    {t('ch.submitSheet')}
                  </Button>
                  <Button onClick={saveDraft} loading={save.isPending}>
                    {t('ch.saveSheet')}
                  </Button>
                  <Button danger type="text" onClick={() => setConflictOpen(true)}>
                    {t('ch.declareConflict')}
                  </Button>
                </Space>
              )}
              {submitted && (
                <Button type="primary" onClick={next}>
                  {t('ch.nextReview')}
                </Button>
              )}
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('ch.others')}>
        {others === null ? (
          <Typography.Text type="secondary">{t('ch.othersHidden')}</Typography.Text>
        ) : (
          <Table<SheetView>
            size="small"
            rowKey="reviewerId"
            pagination={false}
            dataSource={others}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('ch.actor'), dataIndex: 'reviewerName' },
              ...criteria.map((c) => ({
                title: l.criterion(c.key),
                render: (_: unknown, s: SheetView) => {
                  const x = s.scores[c.key];
                  return x ? (
                    <span title={x.comment}>
                      {x.score}
                      {x.comment ? ` · ${x.comment}` : ''}
                    </span>
                  ) : (
                    '—'
                  );
                },
              })),
              { title: t('ch.weighted'), dataIndex: 'weighted', render: (n: number | null) => fmt(n) },
            ]}
          />
        )}
      </Card>
      <Modal
        open={conflictOpen}
        title={t('ch.declareConflict')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={declare.isPending}
        onOk={() => conflictForm.submit()}
        onCancel={() => setConflictOpen(false)}
        destroyOnHidden
      >
        <Form
          form={conflictForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            declare.mutate(
              { reason: v.reason.trim() },
              {
                onSuccess: () => {
                  void message.success(t('ch.conflictDeclared'));
                  setConflictOpen(false);
                  next();
                },
                onError: (e) => void message.error(errorText(e), 8),
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t('ch.conflictReason')}
            rules={[
              { required: true, whitespace: true, message: t('login.required', { field: t('ch.conflictReason') }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
