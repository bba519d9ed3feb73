import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChallengeWrite, useNotice, useObjections, useRanking } from '../../api/challenges';
import type { Challenge, ChallengeObjection } from '../../api/challenge-types';
import { fromNotice, WinnersList } from './ChallengeFacts';
import { score, useChLabels, useErrorText } from './shared';

const OBJECTION_COLOR = { open: 'orange', upheld: 'red', dismissed: 'default' } as const;

/**
 * 公示: coordinators start it from review with the intended winners (several only when the challenge allows);
 * during it anyone signed in may object with a reason; coordinators resolve each objection (upheld may send the
 * challenge back to review) before the award.
 */
export function NoticeTab({ challenge: c, coordinator }: { challenge: Challenge; coordinator: boolean }) {
  const { t } = useTranslation();
  const l = useChLabels();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const reviewing = c.status === 'reviewing';
  const notice = useNotice(c.id, !reviewing);
  const objections = useObjections(c.id, !reviewing);
  const ranking = useRanking(c.id, coordinator && reviewing);
  const start = useChallengeWrite<{ winnerApplicationIds: string[]; note?: string }>(
    c.id,
    () => `/challenges/${c.id}/notice`,
  );
  const object = useChallengeWrite<{ applicationId?: string; reason: string }>(
    c.id,
    () => `/challenges/${c.id}/objections`,
  );
  const resolve = useChallengeWrite<{ oid: string; body: Record<string, unknown> }>(
    c.id,
    (b) => `/challenges/${c.id}/objections/${b.oid}/resolve`,
  );
  const [startForm] = Form.useForm<{ winners: string[]; note?: string }>();
  const [objectForm] = Form.useForm<{ applicationId?: string; reason: string }>();
  const [resolveForm] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; resolution: string; backToReview?: boolean }>();
  const [resolving, setResolving] = useState<ChallengeObjection | null>(null);
  const outcome = Form.useWatch('outcome', resolveForm);
  const winners = notice.data?.intendedWinners ?? [];
  const required = (label: string) => [
    { required: true, whitespace: true, message: t('login.required', { field: label }) },
  ];
  const after = () => {
    void notice.refetch();
    void objections.refetch();
  };

  if (reviewing && coordinator) {
    const candidates = (ranking.data?.items ?? []).filter((r) => r.status !== 'withdrawn');
    return (
      <Card size="small" title={t('ch.startNotice')}>
        <Form
          form={startForm}
          layout="vertical"
          style={{ maxWidth: 640 }}
          onFinish={(v) =>
            start.mutate(
              { winnerApplicationIds: v.winners, note: v.note?.trim() || undefined },
              {
                onSuccess: () => void message.success(t('ch.noticeStarted')),
                onError: (e) => void message.error(errorText(e), 8),
              },
            )
          }
        >
          <Form.Item
            name="winners"
            label={t('ch.pickWinners')}
            rules={[{ required: true, message: t('login.required', { field: t('ch.pickWinners') }) }]}
            extra={c.multipleWinners ? t('ch.upTo', { count: c.maxWinners }) : undefined}
          >
            <Select
              mode="multiple"
              maxCount={c.multipleWinners ? c.maxWinners : 1}
              options={candidates.map((r) => ({
                value: r.applicationId,
                label: `${r.title} · ${r.leadOrganizationName} · ${score(r.meanWeighted)}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('ch.noticeNote')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={start.isPending}>
            {t('ch.startNotice')}
          </Button>
        </Form>
      </Card>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {winners.length > 0 && (
        <Card size="small" title={`${t('ch.winners')} · ${t('ch.noticeEndsOn')} ${l.date(notice.data?.noticeEndsOn)}`}>
          <WinnersList winners={winners.map(fromNotice)} />
        </Card>
      )}
      <Card size="small" title={t('ch.objections')}>
        <Table<ChallengeObjection>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={objections.data?.items ?? []}
          loading={objections.isFetching}
          locale={{ emptyText: t('ch.objectionsEmpty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('ch.at'), dataIndex: 'createdAt', render: (d: string) => l.time(d) },
            ...(coordinator ? [{ title: t('ch.actor'), dataIndex: 'filedByName' }] : []),
            { title: t('ch.objectionAbout'), dataIndex: 'applicationTitle', render: (x: string | null) => x ?? '—' },
            { title: t('ch.objectionReason'), dataIndex: 'reason' },
            {
              title: t('ch.status'),
              dataIndex: 'status',
              render: (s: ChallengeObjection['status']) => (
                <Tag color={OBJECTION_COLOR[s]}>{t(`ch.objectionStatus.${s}`)}</Tag>
              ),
            },
            { title: t('ch.resolution'), dataIndex: 'resolution', render: (x: string | null) => x ?? '—' },
            ...(coordinator && c.status === 'notice'
              ? [
                  {
                    title: t('common.actions'),
                    render: (_: unknown, o: ChallengeObjection) =>
                      o.status === 'open' && (
                        <Button size="small" onClick={() => setResolving(o)}>
                          {t('ch.resolve')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {c.status === 'notice' && !coordinator && (
        <Card size="small" title={t('ch.fileObjection')}>
          <Alert type="info" showIcon title={t('ch.howToObject')} style={{ marginBottom: 12 }} />
          <Form
            form={objectForm}
            layout="vertical"
            style={{ maxWidth: 640 }}
            onFinish={(v) =>
              object.mutate(
                { applicationId: v.applicationId || undefined, reason: v.reason.trim() },
                {
                  onSuccess: () => {
                    void message.success(t('ch.objectionFiled'));
                    objectForm.resetFields();
                    after();
                  },
                  onError: (e) => void message.error(errorText(e), 8),
                },
              )
            }
          >
            <Form.Item name="applicationId" label={t('ch.objectionAbout')}>
              <Select
                allowClear
                options={winners.map((w) => ({
                  value: w.applicationId,
                  label: `${w.title} · ${w.leadOrganizationName}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('ch.objectionReason')} rules={required(t('ch.objectionReason'))}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={object.isPending}>
              {t('ch.fileObjection')}
            </Button>
          </Form>
        </Card>
      )}
      <Modal
        open={!!resolving}
        title={t('ch.resolve')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={resolve.isPending}
        onOk={() => resolveForm.submit()}
        onCancel={() => setResolving(null)}
        destroyOnHidden
      >
        {resolving && (
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
            {resolving.reason}
          </Typography.Paragraph>
        )}
        <Form
          form={resolveForm}
          layout="vertical"
          preserve={false}
          initialValues={{ outcome: 'dismissed' }}
          onFinish={(v) =>
            resolving &&
            resolve.mutate(
              {
                oid: resolving.id,
                body: {
                  outcome: v.outcome,
                  resolution: v.resolution.trim(),
                  backToReview: v.outcome === 'upheld' ? v.backToReview === true : undefined,
                },
              },
              {
                onSuccess: () => {
                  void message.success(t('ch.resolved'));
                  setResolving(null);
                  after();
                },
                onError: (e) => void message.error(errorText(e), 8),
              },
            )
          }
        >
          <Form.Item name="outcome">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'dismissed', label: t('ch.dismissed') },
                { value: 'upheld', label: t('ch.upheld') },
              ]}
            />
          </Form.Item>
          <Form.Item name="resolution" label={t('ch.resolution')} rules={required(t('ch.resolution'))}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {outcome === 'upheld' && (
            <Form.Item name="backToReview" valuePropName="checked">
              <Checkbox>{t('ch.backToReview')}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
