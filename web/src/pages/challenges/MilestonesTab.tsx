import { App, Button, Card, Form, Input, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChallengeWrite, useLedger, useMilestones } from '../../api/challenges';
import type { AwardMilestone, Challenge, LedgerEntry } from '../../api/challenge-types';
import { LoadError } from '../../components/states';
import { useChLabels, useErrorText } from './shared';

type Action = 'deliver' | 'accept' | 'return';
const COLOR = { open: 'blue', delivered: 'orange', accepted: 'green', returned: 'red' } as const;

/**
 * After the award: each winner's milestones (its amount is its share of the winner's award), delivered by the
 * winner, accepted by both the issuer and a coordinator (the second acceptance releases the money) or returned with a
 * reason; and the funding ledger — every commitment and release, with the totals against the challenge's funding.
 */
export function MilestonesTab({
  challenge: c,
  coordinator,
  issuer,
}: {
  challenge: Challenge;
  coordinator: boolean;
  issuer: boolean;
}) {
  const { t } = useTranslation();
  const l = useChLabels();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const milestones = useMilestones(c.id);
  const ledger = useLedger(c.id);
  const [acting, setActing] = useState<{ m: AwardMilestone; action: Action } | null>(null);
  const [form] = Form.useForm<{ text?: string }>();
  const write = useChallengeWrite<{ mid: string; action: Action; body: Record<string, unknown> }>(
    c.id,
    (b) => `/challenges/${c.id}/milestones/${b.mid}/${b.action}`,
  );
  const overseer = coordinator || issuer;
  const accepted = (m: AwardMilestone) =>
    (coordinator && m.coordinatorAcceptedAt) || (issuer && !coordinator && m.issuerAcceptedAt);

  const submit = (v: { text?: string }) => {
    if (!acting) return;
    const text = v.text?.trim() || undefined;
    const body =
      acting.action === 'deliver' ? { report: text } : acting.action === 'return' ? { reason: text } : { note: text };
    write.mutate(
      { mid: acting.m.id, action: acting.action, body },
      {
        onSuccess: () => {
          void message.success(
            acting.action === 'accept'
              ? t('ch.accepted')
              : acting.action === 'return'
                ? t('ch.returned')
                : t('ch.delivered'),
          );
          setActing(null);
          void milestones.refetch();
          void ledger.refetch();
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );
  };
  const label: Record<Action, string> = { deliver: t('ch.deliver'), accept: t('ch.accept'), return: t('ch.return') };
  const field: Record<Action, string> = {
    deliver: t('ch.report'),
    accept: t('ch.acceptNote'),
    return: t('ch.returnReason'),
  };

  const totals = ledger.data?.totals;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('ch.milestones')}>
        {milestones.error ? (
          <LoadError error={milestones.error} />
        ) : (
          <Table<AwardMilestone>
            size="small"
            rowKey="id"
            pagination={false}
            loading={milestones.isFetching}
            dataSource={milestones.data?.items ?? []}
            locale={{ emptyText: t('ch.noMilestones') }}
            scroll={{ x: 'max-content' }}
            expandable={{
              rowExpandable: (m) => !!(m.report || m.returnReason),
              expandedRowRender: (m) => (
                <Space orientation="vertical" size={4}>
                  {m.report && (
                    <Typography.Text>
                      {t('ch.report')}：{m.report}
                    </Typography.Text>
                  )}
                  {m.returnReason && (
                    <Typography.Text type="danger">
                      {t('ch.returnReason')}：{m.returnReason}
                    </Typography.Text>
                  )}
                </Space>
              ),
            }}
            columns={[
              { title: t('ch.lead'), dataIndex: 'winnerOrganizationName' },
              { title: '#', dataIndex: 'seq', width: 40 },
              { title: t('ch.milestoneTitle'), dataIndex: 'title' },
              { title: t('ch.dueOn'), dataIndex: 'dueOn', render: (d: string) => l.date(d) },
              {
                title: t('ch.amount'),
                render: (_, m) => `${l.yuan(m.amountYuan)}（${m.sharePct}%）`,
              },
              {
                title: t('ch.status'),
                render: (_, m) => (
                  <Space size={4} wrap>
                    <Tag color={COLOR[m.status]}>{t(`ch.milestoneStatus.${m.status}`)}</Tag>
                    {m.status === 'delivered' && m.issuerAcceptedAt && <Tag>{t('ch.issuerAccepted')}</Tag>}
                    {m.status === 'delivered' && m.coordinatorAcceptedAt && <Tag>{t('ch.coordinatorAccepted')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('common.actions'),
                render: (_, m) => (
                  <Space size={4}>
                    {!overseer && (m.status === 'open' || m.status === 'returned') && (
                      <Button size="small" type="primary" onClick={() => setActing({ m, action: 'deliver' })}>
                        {t('ch.deliver')}
                      </Button>
                    )}
                    {overseer && m.status === 'delivered' && !accepted(m) && (
                      <>
                        <Button size="small" type="primary" onClick={() => setActing({ m, action: 'accept' })}>
                          {t('ch.accept')}
                        </Button>
                        <Button size="small" danger onClick={() => setActing({ m, action: 'return' })}>
                          {t('ch.return')}
                        </Button>
                      </>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('ch.ledger')}>
        {ledger.error ? (
          <LoadError error={ledger.error} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title={t('ch.funding')} value={l.yuan(totals?.fundingTotalYuan ?? c.fundingTotalYuan)} />
              <Statistic title={t('ch.committed')} value={l.yuan(totals?.committedYuan ?? 0)} />
              <Statistic title={t('ch.released')} value={l.yuan(totals?.releasedYuan ?? 0)} />
              <Statistic title={t('ch.remaining')} value={l.yuan(totals?.outstandingYuan ?? 0)} />
            </Space>
            <Table<LedgerEntry>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={ledger.data?.entries ?? []}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('ch.at'), dataIndex: 'createdAt', render: (d: string) => l.time(d) },
                {
                  title: t('ch.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => (
                    <Tag color={k === 'release' ? 'green' : 'blue'}>{t(`ch.ledgerKind.${k}`)}</Tag>
                  ),
                },
                { title: t('ch.lead'), dataIndex: 'winnerOrganizationName' },
                { title: t('ch.milestoneTitle'), dataIndex: 'milestoneTitle', render: (x: string | null) => x ?? '—' },
                { title: t('ch.amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
                { title: t('ch.actor'), dataIndex: 'actorName', render: (x: string | null) => x ?? t('ch.system') },
              ]}
            />
          </Space>
        )}
      </Card>
      <Modal
        open={!!acting}
        title={acting ? `${label[acting.action]} · ${acting.m.title}` : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={write.isPending}
        onOk={() => form.submit()}
        onCancel={() => setActing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {acting && (
            <Form.Item
              name="text"
              label={field[acting.action]}
              rules={
                acting.action === 'accept'
                  ? []
                  : [
                      {
                        required: true,
                        whitespace: true,
                        message: t('login.required', { field: field[acting.action] }),
                      },
                    ]
              }
            >
              <Input.TextArea rows={4} maxLength={acting.action === 'deliver' ? 10000 : 2000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
