import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Band, Explanation } from '../api/types';
import { useLabels } from '../hooks/useLabels';
import { bandPrecision, topContributions } from '../lib/explanation';

const BAND_COLOR: Record<Band, string> = { high: 'green', medium: 'gold', low: 'default' };

/** 高 / 中 / 低 in colour and in words (the colour is never the only sign), named for screen readers. */
export function BandTag({ band }: { band: Band | null | undefined }) {
  const { t } = useTranslation();
  const l = useLabels();
  if (!band) return null;
  const label = t('review.bandAria', { band: l.band(band) });
  return (
    <Tag color={BAND_COLOR[band]} aria-label={label} title={label} style={{ marginInlineEnd: 0 }}>
      {l.band(band)}
    </Tag>
  );
}

/**
 * Why a pair was suggested, as the engine explains it (issue 11): the summary sentence first, the band (with what it
 * has meant, when the explanation records it), the ranker's main factors up and down, the vocabulary bridges, and
 * identical listings folded into this one. Renders nothing for explanations from before these parts existed.
 */
export function ExplanationSummary({ explanation: e, band }: { explanation: Explanation; band?: Band | null }) {
  const { t } = useTranslation();
  const l = useLabels();
  const shownBand = band ?? e.band ?? null;
  const summary = e.summary ? (l.lang === 'en' ? e.summary.en || e.summary.zh : e.summary.zh || e.summary.en) : '';
  const precision = bandPrecision(e);
  const factors = topContributions(e, 6);
  const associations = e.associations ?? [];
  const duplicates = e.duplicates && e.duplicates.count > 0 ? e.duplicates : null;
  if (!summary && !shownBand && !factors.length && !associations.length && !duplicates) return null;
  return (
    <Card size="small" title={t('review.why')}>
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {summary && (
          <Typography.Paragraph strong style={{ marginBottom: 0 }}>
            {summary}
          </Typography.Paragraph>
        )}
        {shownBand && (
          <Space size={8} wrap>
            <Typography.Text type="secondary">{t('review.band')}</Typography.Text>
            <BandTag band={shownBand} />
            {precision !== null && (
              <Typography.Text>{t('review.bandMeaning', { pct: Math.round(precision * 100) })}</Typography.Text>
            )}
          </Space>
        )}
        {factors.length > 0 && (
          <div>
            <Typography.Text type="secondary">{t('review.contributions')}</Typography.Text>
            <ul style={{ listStyle: 'none', padding: 0, margin: '4px 0 0' }}>
              {factors.map((f) => {
                const up = f.contribution >= 0;
                const name = (l.lang === 'en' ? f.labelEn || f.labelZh : f.labelZh || f.labelEn) || f.feature;
                return (
                  <li key={f.feature}>
                    <Typography.Text type={up ? 'success' : 'danger'}>
                      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {name}{' '}
                      {t(up ? 'review.raises' : 'review.lowers', {
                        value: `${up ? '+' : '−'}${Math.abs(f.contribution).toFixed(2)}`,
                      })}
                    </Typography.Text>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {associations.length > 0 && (
          <Space wrap size={[4, 4]}>
            <Typography.Text type="secondary">{t('review.associations')}</Typography.Text>
            {associations.map((a) => (
              <Tooltip key={`${a.needTerm}|${a.capabilityTerm}`} title={a.strength.toFixed(2)}>
                <Tag color="purple">
                  {a.needTerm} ↔ {a.capabilityTerm}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        )}
        {duplicates && (
          <Space wrap size={[8, 4]}>
            <Typography.Text>{t('review.duplicates', { count: duplicates.count })}</Typography.Text>
            {duplicates.capabilityIds.map((id, i) => (
              <Link key={id} to={`/capabilities/${id}`}>
                #{i + 1}
              </Link>
            ))}
          </Space>
        )}
      </Space>
    </Card>
  );
}
