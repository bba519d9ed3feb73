import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAgreement, useAgreements, useEnvoyWrite, useNominations } from '../../api/envoys';
import type { Agreement, Nomination, SecondmentPost, WorkLog } from '../../api/envoy-types';
import { Loading, LoadError } from '../../components/states';
import { StatusTag, useErrorText, useVLabels } from '../vouchers/shared';

/**
 * The post's matched nominations and their agreements: drawn up by either side after the match, signed by both
 * (active when both have), the nominee's monthly work logs, and the enterprise's evaluation at or after the end.
 */
export function AgreementsTab({ post: p }: { post: SecondmentPost }) {
  const { bi } = useVLabels();
  const nominations = useNominations(p.id);
  const agreements = useAgreements();
  if (nominations.isLoading) return <Loading />;
  if (nominations.error) return <LoadError error={nominations.error} />;
  const matched = (nominations.data?.items ?? []).filter((n) => n.status === 'matched');
  if (!matched.length) return <Empty description={bi('双向选择成功后可在此签订协议', 'Agreements follow a match')} />;
  const agreementOf = (n: Nomination) =>
    n.agreementId ?? (agreements.data?.items ?? []).find((a) => a.nominationId === n.id)?.id ?? null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {matched.map((n) => (
        <Card key={n.id} size="small" title={`${bi('人选', 'Nominee')}：${n.nomineeName}`}>
          {agreementOf(n) ? (
            <AgreementPanel id={agreementOf(n)!} />
          ) : p.status === 'open' ? (
            <DraftAgreement nomination={n} post={p} />
          ) : (
            // Drafting (and signing) needs an open post: a filled or closed one is refused (409).
            <Typography.Text type="secondary">
              {bi('岗位不在征集中，暂不能起草协议', 'The post is not open: no agreement can be drafted now')}
            </Typography.Text>
          )}
        </Card>
      ))}
    </Space>
  );
}

function DraftAgreement({ nomination: n, post: p }: { nomination: Nomination; post: SecondmentPost }) {
  const { bi } = useVLabels();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ startsOn: Dayjs; endsOn?: Dayjs; terms: string }>();
  const [error, setError] = useState<string | null>(null);
  const create = useEnvoyWrite<Record<string, unknown>, Agreement>(() => `/secondment-nominations/${n.id}/agreement`);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => {
        setError(null);
        create.mutate(
          {
            startsOn: v.startsOn.format('YYYY-MM-DD'),
            endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : undefined,
            terms: v.terms.trim(),
          },
          {
            onSuccess: () => void message.success(bi('协议已起草，等待双方签署', 'Drafted; both sides now sign')),
            onError: (e) => setError(errorText(e)),
          },
        );
      }}
    >
      <Typography.Paragraph type="secondary">
        {bi(
          `起草协议：结束日期不填则按岗位期限 ${p.termMonths} 个月计算。`,
          `Draft the agreement: without an end date it runs the post's ${p.termMonths} months.`,
        )}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space wrap align="start">
        <Form.Item name="startsOn" label={bi('开始日期', 'Starts on')} rules={[{ required: true }]}>
          <DatePicker id={`startsOn-${n.id}`} />
        </Form.Item>
        <Form.Item name="endsOn" label={bi('结束日期（可选）', 'Ends on (optional)')}>
          <DatePicker id={`endsOn-${n.id}`} />
        </Form.Item>
      </Space>
      <Form.Item name="terms" label={bi('协议条款', 'Terms')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={4} maxLength={10000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {bi('起草协议', 'Draft the agreement')}
      </Button>
    </Form>
  );
}

function AgreementPanel({ id }: { id: string }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const agreement = useAgreement(id);
  const sign = useEnvoyWrite<Record<string, never>>(() => `/secondment-agreements/${id}/sign`);
  const terminate = useEnvoyWrite<{ to: 'terminated'; reason: string }>(
    () => `/secondment-agreements/${id}/transitions`,
  );
  const [ending, setEnding] = useState(false);
  const [reason, setReason] = useState('');
  if (agreement.isLoading) return <Loading />;
  if (agreement.error || !agreement.data) return <LoadError error={agreement.error} />;
  const a = agreement.data;
  const can = (x: string) => a.allowedActions.includes(x);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 's', label: bi('状态', 'Status'), children: <StatusTag status={a.status} of="agreement" /> },
          { key: 't', label: bi('期限', 'Term'), children: `${l.date(a.startsOn)} ~ ${l.date(a.endsOn)}` },
          {
            key: 'e',
            label: bi('企业签署', 'Enterprise signed'),
            children: a.enterpriseSignedAt ? l.time(a.enterpriseSignedAt) : bi('未签署', 'Not yet'),
          },
          {
            key: 'p',
            label: bi('派出方签署', 'Provider signed'),
            children: a.providerSignedAt ? l.time(a.providerSignedAt) : bi('未签署', 'Not yet'),
          },
          ...(a.activatedAt
            ? [{ key: 'on', label: bi('生效时间', 'In force since'), children: l.time(a.activatedAt) }]
            : []),
          ...(a.endedAt ? [{ key: 'off', label: bi('结束时间', 'Ended'), children: l.time(a.endedAt) }] : []),
          ...(a.terminationReason
            ? [{ key: 'why', label: bi('终止理由', 'Why terminated'), children: a.terminationReason }]
            : []),
          {
            key: 'terms',
            label: bi('协议条款', 'Terms'),
            span: 2,
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.terms}</Typography.Paragraph>
            ),
          },
        ]}
      />
      {(can('sign') || can('terminate')) && (
        <Space wrap>
          {can('sign') && (
            <Button
              type="primary"
              loading={sign.isPending}
              onClick={() =>
                sign.mutate(
                  {},
                  {
                    onSuccess: () => void message.success(bi('已签署', 'Signed')),
                    onError: (e) => void message.error(errorText(e), 8),
                  },
                )
              }
            >
              {bi('签署协议', 'Sign')}
            </Button>
          )}
          {can('terminate') && (
            <Button danger onClick={() => setEnding(true)}>
              {bi('终止协议', 'Terminate')}
            </Button>
          )}
        </Space>
      )}
      {(a.status === 'active' || a.status === 'completed' || a.status === 'terminated') && <WorkLogs agreement={a} />}
      {a.evaluation ? (
        <Card size="small" title={bi('企业评价', "The enterprise's evaluation")}>
          <Space orientation="vertical">
            <Rate disabled value={a.evaluation.rating} />
            <Typography.Text>{a.evaluation.comment || '—'}</Typography.Text>
            <Typography.Text type="secondary">
              {a.evaluation.wouldRenew ? bi('愿意续聘', 'Would renew') : bi('不再续聘', 'Would not renew')}
            </Typography.Text>
          </Space>
        </Card>
      ) : (
        can('evaluate') && <EvaluationForm agreementId={a.id} />
      )}
      <Modal
        open={ending}
        title={bi('终止协议', 'Terminate the agreement')}
        okText={bi('确定', 'Confirm')}
        cancelText={bi('取消', 'Cancel')}
        okButtonProps={{ disabled: !reason.trim() }}
        confirmLoading={terminate.isPending}
        onCancel={() => setEnding(false)}
        onOk={() =>
          terminate.mutate(
            { to: 'terminated', reason: reason.trim() },
            {
              onSuccess: () => {
                void message.success(bi('协议已终止', 'Terminated'));
                setEnding(false);
              },
              onError: (e) => void message.error(errorText(e), 8),
            },
          )
        }
      >
        <Input.TextArea
          aria-label={bi('终止理由', 'Reason')}
          placeholder={bi('终止理由（必填）', 'Reason (required)')}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}

/**
 * The monthly work logs; the envoy writes (or corrects) the months the server names in `logMonths` — the agreement's
 * months so far, each until the end of the following month — and only those can be picked.
 */
function WorkLogs({ agreement: a }: { agreement: Agreement }) {
  const months = a.logMonths;
  const writer = months.length > 0;
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ month: Dayjs; hours: number; summary: string; achievements?: string }>();
  const [error, setError] = useState<string | null>(null);
  const write = useEnvoyWrite<{ month: string; body: Record<string, unknown> }>(
    (b) => `/secondment-agreements/${a.id}/logs/${b.month}`,
    'PUT',
  );
  const edit = (log?: WorkLog) => {
    setError(null);
    form.setFieldsValue(
      log
        ? { month: dayjs(log.month), hours: log.hours, summary: log.summary, achievements: log.achievements }
        : {
            month: dayjs(
              `${months.find((m) => !(a.logs ?? []).some((x) => x.month === m)) ?? months[months.length - 1]}-01`,
            ),
            hours: undefined,
            summary: '',
            achievements: '',
          },
    );
    setOpen(true);
  };
  return (
    <Card
      size="small"
      title={bi('月度工作日志', 'Monthly work logs')}
      extra={
        writer && (
          <Button size="small" type="primary" onClick={() => edit()}>
            {bi('填写工作日志', 'Write a log')}
          </Button>
        )
      }
    >
      <Table<WorkLog>
        size="small"
        rowKey="month"
        pagination={false}
        dataSource={a.logs ?? []}
        locale={{ emptyText: bi('还没有工作日志', 'No logs yet') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: bi('月份', 'Month'), dataIndex: 'month' },
          { title: bi('工作时长（小时）', 'Hours'), dataIndex: 'hours' },
          { title: bi('工作内容', 'Summary'), dataIndex: 'summary' },
          { title: bi('成效', 'Achievements'), dataIndex: 'achievements', render: (x: string | null) => x || '—' },
          ...(writer
            ? [
                {
                  title: bi('操作', 'Actions'),
                  render: (_: unknown, log: WorkLog) =>
                    log.editable &&
                    months.includes(log.month) && (
                      <Button size="small" onClick={() => edit(log)}>
                        {bi('修改', 'Edit')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={bi('月度工作日志', 'Monthly work log')}
        okText={bi('保存', 'Save')}
        cancelText={bi('取消', 'Cancel')}
        confirmLoading={write.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            write.mutate(
              {
                month: v.month.format('YYYY-MM'),
                body: { hours: v.hours, summary: v.summary.trim(), achievements: v.achievements?.trim() ?? '' },
              },
              {
                onSuccess: () => {
                  void message.success(bi('已保存', 'Saved'));
                  setOpen(false);
                },
                onError: (e) => setError(errorText(e)),
              },
            )
          }
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Typography.Paragraph type="secondary">
            {bi(`现在可填写：${months.join('、') || '—'}`, `Months open now: ${months.join(', ') || '—'}`)}
          </Typography.Paragraph>
          <Form.Item name="month" label={bi('月份', 'Month')} rules={[{ required: true }]}>
            <DatePicker id="log-month" picker="month" disabledDate={(d) => !months.includes(d.format('YYYY-MM'))} />
          </Form.Item>
          <Form.Item name="hours" label={bi('工作时长（小时）', 'Hours')} rules={[{ required: true }]}>
            <InputNumber min={0} max={744} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="summary" label={bi('工作内容', 'Summary')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
          <Form.Item name="achievements" label={bi('成效', 'Achievements')}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function EvaluationForm({ agreementId }: { agreementId: string }) {
  const { bi } = useVLabels();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ rating: number; comment?: string; wouldRenew: boolean }>();
  const [error, setError] = useState<string | null>(null);
  const evaluate = useEnvoyWrite<Record<string, unknown>>(() => `/secondment-agreements/${agreementId}/evaluation`);
  return (
    <Card size="small" title={bi('评价科技特派员', 'Evaluate the envoy')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ wouldRenew: true }}
        onFinish={(v) =>
          evaluate.mutate(
            { rating: v.rating, comment: v.comment?.trim() || undefined, wouldRenew: v.wouldRenew },
            {
              onSuccess: () =>
                void message.success(bi('评价已提交，协议完成', 'Evaluated; the agreement is completed')),
              onError: (e) => setError(errorText(e)),
            },
          )
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="rating" label={bi('评分', 'Rating')} rules={[{ required: true }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="comment" label={bi('评价意见', 'Comment')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="wouldRenew" label={bi('愿意续聘', 'Would renew')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={evaluate.isPending}>
          {bi('提交评价', 'Submit the evaluation')}
        </Button>
      </Form>
    </Card>
  );
}
