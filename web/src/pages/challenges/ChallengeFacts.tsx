import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Challenge, HallWinner, Winner } from '../../api/challenge-types';

/** What the facts read: a challenge in the console, or its public page. */
export type ChallengeLike = Pick<
  Challenge,
  | 'status'
  | 'problem'
  | 'sectorKeys'
  | 'keywords'
  | 'indicators'
  | 'fundingTotalYuan'
  | 'fundingSources'
  | 'eligibility'
  | 'applicationDeadline'
  | 'ipTerms'
  | 'multipleWinners'
  | 'maxWinners'
  | 'milestones'
  | 'publishedAt'
  | 'noticeEndsOn'
  | 'closeReason'
> & { issuer: { name: string; district: string } };

/** An intended winner (or a winner), from the notice or the public page. */
export interface WinnerLine {
  applicationId: string;
  title: string;
  lead: string;
  partners: string[];
}
export const fromNotice = (w: Winner): WinnerLine => ({
  applicationId: w.applicationId,
  title: w.title,
  lead: w.leadOrganizationName,
  partners: w.consortium.filter((n) => n !== w.leadOrganizationName),
});
export const fromHall = (w: HallWinner): WinnerLine => ({
  applicationId: w.applicationId,
  title: w.title,
  lead: w.lead,
  partners: w.consortium.filter((m) => !m.isLead).map((m) => `${m.name}（${m.role}）`),
});
import { SectorTags } from '../../components/sectors';
import { useChLabels } from './shared';

/**
 * What a challenge says, for everyone who may read it (the console's page and the public one): the problem, the
 * indicators, the funding and where it comes from, who may apply, the deadline, the IP terms, the milestones, and in
 * the public notice the intended winners.
 */
export function ChallengeFacts({
  challenge: c,
  winners = [],
  visitor = false,
  origin,
}: {
  challenge: ChallengeLike;
  winners?: readonly WinnerLine[];
  visitor?: boolean;
  /** Where the challenge comes from (a need, a common problem), for the console. */
  origin?: { label: string; node: ReactNode } | null;
}) {
  const { t } = useTranslation();
  const l = useChLabels();
  const e = c.eligibility;
  const team =
    e.minTeamSize != null || e.maxTeamSize != null
      ? t('ch.teamSize', { min: e.minTeamSize ?? 1, max: e.maxTeamSize ?? '∞' })
      : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('ch.issuer')}>
            {c.issuer?.name ?? '—'}
            {c.issuer?.district ? ` · ${l.district(c.issuer.district)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('ch.deadline')}>{l.time(c.applicationDeadline)}</Descriptions.Item>
          <Descriptions.Item label={t('ch.funding')}>
            <Typography.Text strong>{l.yuan(c.fundingTotalYuan)}</Typography.Text>
            {c.fundingSources.length > 0 && (
              <Typography.Text type="secondary">
                {' '}
                （
                {c.fundingSources
                  .map((s) => `${l.fundingSource(s.source)} · ${s.name} ${l.yuan(s.amountYuan)}`)
                  .join('；')}
                ）
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('ch.multipleWinners')}>
            {c.multipleWinners ? `${t('ch.yes')}，${t('ch.upTo', { count: c.maxWinners })}` : t('ch.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('ch.eligibility')} span={2}>
            <Space size={[4, 4]} wrap>
              {e.organizationKinds.map((k) => (
                <Tag key={k}>{l.orgKind(k)}</Tag>
              ))}
              <Tag color="geekblue">
                {e.districts.length ? e.districts.map(l.district).join('、') : t('ch.any')}
                {e.allowOutside && e.districts.length ? ` + ${l.district('outside')}` : ''}
              </Tag>
              {!e.allowOutside && (
                <Tag>
                  {t('ch.allowOutside')}：{t('ch.no')}
                </Tag>
              )}
              {e.minTrl != null && <Tag>{t('ch.trl', { level: e.minTrl })}</Tag>}
              {team && <Tag>{team}</Tag>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('ch.sectors')}>
            <SectorTags sectors={c.sectorKeys} visitor={visitor} />
          </Descriptions.Item>
          <Descriptions.Item label={t('ch.keywords')}>{c.keywords.join('、') || '—'}</Descriptions.Item>
          {c.publishedAt && <Descriptions.Item label={t('ch.publishedAt')}>{l.time(c.publishedAt)}</Descriptions.Item>}
          {c.noticeEndsOn && (
            <Descriptions.Item label={t('ch.noticeEndsOn')}>{l.date(c.noticeEndsOn)}</Descriptions.Item>
          )}
          {c.closeReason && <Descriptions.Item label={t('ch.closeReason')}>{c.closeReason}</Descriptions.Item>}
          {origin && <Descriptions.Item label={origin.label}>{origin.node}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {winners.length > 0 && (
        <Card size="small" title={t('ch.winners')}>
          <WinnersList winners={winners} />
          {c.status === 'notice' && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('ch.noticeEndsOn')}：{l.date(c.noticeEndsOn)}。{t('ch.howToObject')}
            </Typography.Paragraph>
          )}
        </Card>
      )}
      <Card size="small" title={t('ch.problem')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }}>
          {c.problem}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('ch.indicators')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.name}
          dataSource={c.indicators}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('ch.indicatorName'), dataIndex: 'name' },
            { title: t('ch.indicatorTarget'), render: (_, r) => `${r.target} ${r.unit}` },
            { title: t('ch.indicatorVerification'), dataIndex: 'verification' },
          ]}
        />
      </Card>
      <Card size="small" title={t('ch.milestones')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.seq}-${r.title}`}
          dataSource={c.milestones}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 48 },
            { title: t('ch.milestoneTitle'), dataIndex: 'title' },
            { title: t('ch.dueOn'), dataIndex: 'dueOn', render: (d: string) => l.date(d) },
            { title: t('ch.sharePct'), dataIndex: 'sharePct', render: (p: number) => `${p}%` },
            {
              title: t('ch.amount'),
              render: (_, r) => l.yuan(Math.floor((c.fundingTotalYuan * r.sharePct) / 100)),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('ch.ipTerms')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.ipTerms}</Typography.Paragraph>
      </Card>
    </Space>
  );
}

/** The intended winners: each lead organisation, its proposal, and its consortium partners. */
export function WinnersList({ winners }: { winners: readonly WinnerLine[] }) {
  const { t } = useTranslation();
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {winners.map((w) => (
        <li key={w.applicationId}>
          <Typography.Text strong>{w.lead}</Typography.Text> · {w.title}
          {w.partners.length > 0 && (
            <Typography.Text type="secondary">
              {' '}
              （{t('ch.consortium')}：{w.partners.join('、')}）
            </Typography.Text>
          )}
        </li>
      ))}
    </ul>
  );
}
