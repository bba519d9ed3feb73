import { Button, Card, Col, Descriptions, Row, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryItem, Match } from '../../api/types';
import { BandTag, ExplanationSummary } from '../../components/Explanation';
import { MatchStatusTag } from '../../components/MatchCards';
import { SectorTags } from '../../components/sectors';
import { useLabels } from '../../hooks/useLabels';
import { withVariants } from '../../lib/highlight';
import { ListingSide } from './ListingSide';

/** The selected match read whole: its score and band, why, both sides with the terms that met, and its history. */
export function MatchDetail({
  match,
  history,
  onDecide,
}: {
  match: Match;
  history: HistoryItem[];
  onDecide: (kind: 'approve' | 'reject') => void;
}) {
  const { t } = useTranslation();
  const l = useLabels();
  const e = match.explanation;
  const terms = withVariants(e.keyword.terms?.map((x) => x.term) ?? []);
  return (
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
            <Button type="primary" disabled={match.status !== 'suggested'} onClick={() => onDecide('approve')}>
              {t('review.approve')}
            </Button>
            <Button danger disabled={match.status !== 'suggested'} onClick={() => onDecide('reject')}>
              {t('review.reject')}
            </Button>
          </Space>
        </Space>
      </Card>
      <ExplanationSummary explanation={e} band={match.band} />
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <ListingSide
            title={t('review.need')}
            listing={match.need}
            terms={terms}
            kindLabel={l.needKind(match.need.kind)}
            link={`/needs/${match.needId}`}
          />
        </Col>
        <Col xs={24} md={12}>
          <ListingSide
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
          items={history.map((h) => ({
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
  );
}
