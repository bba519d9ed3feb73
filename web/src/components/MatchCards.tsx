import { LockOutlined, MailOutlined, PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Empty, List, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MatchView } from '../api/types';
import { useLabels } from '../hooks/useLabels';

const STATUS_COLOR: Record<string, string> = {
  suggested: 'default',
  approved: 'green',
  rejected: 'red',
  introduced: 'blue',
  negotiating: 'geekblue',
  contracted: 'gold',
  closed_no_deal: 'default',
};

/**
 * Whether the match's need is the placeholder of a restricted need the caller sees before the introduction: the
 * API then names no organisation (a need always has one otherwise).
 */
export const needHidden = (m: Pick<MatchView, 'need'>): boolean => m.need.organizationId === null;

/** The short label shown instead of a hidden restricted need. */
export function HiddenNeed() {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      <LockOutlined /> {t('life.restricted')}
    </Typography.Text>
  );
}

export function MatchStatusTag({ status }: { status: string }) {
  const l = useLabels();
  return <Tag color={STATUS_COLOR[status]}>{l.matchStatus(status)}</Tag>;
}

/** A listing's matches from its owner's side: the other listing, its organisation, and (once introduced) its contact. */
export function MatchCards({
  matches,
  side,
  title,
  empty,
}: {
  matches: MatchView[];
  side: 'need' | 'capability';
  title: string;
  empty: string;
}) {
  const { t } = useTranslation();
  return (
    <Card title={title} size="small">
      {matches.length === 0 ? (
        <Empty description={empty} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={matches}
          renderItem={(m) => {
            const other = side === 'need' ? m.capability : m.need;
            const hidden = side === 'capability' && needHidden(m);
            const contact = m.counterpart?.contact;
            const terms = m.explanation?.keyword.terms?.map((x) => x.term) ?? [];
            return (
              <List.Item
                key={m.id}
                extra={<Progress type="circle" size={56} percent={Math.round(m.score * 100)} format={(p) => `${p}`} />}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {hidden ? (
                        <HiddenNeed />
                      ) : (
                        <Link to={side === 'need' ? `/capabilities/${other.id}` : `/needs/${other.id}`}>
                          {other.title}
                        </Link>
                      )}
                      <MatchStatusTag status={m.status} />
                      {m.status !== 'suggested' && m.status !== 'rejected' && (
                        <Link to={`/matches/${m.id}`}>{t('life.open')}</Link>
                      )}
                    </Space>
                  }
                  description={m.counterpart?.organizationName ?? other.organizationName ?? undefined}
                />
                {other.description && (
                  <Typography.Paragraph ellipsis={{ rows: 2 }} type="secondary">
                    {other.description}
                  </Typography.Paragraph>
                )}
                {contact && (contact.person || contact.phone || contact.email) && (
                  <Space wrap>
                    {contact.person && (
                      <span>
                        <UserOutlined /> {contact.person}
                      </span>
                    )}
                    {contact.phone && (
                      <span>
                        <PhoneOutlined /> {contact.phone}
                      </span>
                    )}
                    {contact.email && (
                      <span>
                        <MailOutlined /> {contact.email}
                      </span>
                    )}
                  </Space>
                )}
                {m.explanation && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('review.matchedTerms')}：{terms.join('、') || '—'}
                  </Typography.Text>
                )}
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
