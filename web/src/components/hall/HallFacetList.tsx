import { Button, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FacetCount } from '../../api/types';

const SHOWN = 8;

/**
 * One facet of a hall (kind, district, sector, TRL): its values with how many listings each has under the other
 * filters. Each value is a button (Tab and Enter reach it): pressing one filters by it, pressing the chosen one
 * again, or 清除, drops the filter.
 */
export function HallFacetList({
  title,
  counts,
  chosen,
  label,
  onChoose,
}: {
  title: string;
  counts: readonly FacetCount[];
  chosen: string | undefined;
  label: (value: string) => string;
  onChoose: (value: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const heading = useId();
  const [all, setAll] = useState(false);
  // The chosen value is listed even when the counts leave it out (a sector filter also finds its sub-sectors).
  const values =
    chosen && !counts.some((c) => c.value === chosen) ? [{ value: chosen, count: null }, ...counts] : counts;
  const shown = all ? values : values.slice(0, SHOWN);
  return (
    <section aria-labelledby={heading} style={{ marginBottom: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', minHeight: 24 }}>
        <Typography.Title level={2} id={heading} style={{ margin: 0, fontSize: 14 }}>
          {title}
        </Typography.Title>
        {chosen !== undefined && (
          <Button
            type="link"
            size="small"
            onClick={() => onChoose(undefined)}
            aria-label={`${t('hall.clear')} ${title}`}
          >
            {t('hall.clear')}
          </Button>
        )}
      </div>
      {values.length === 0 ? (
        <Typography.Text type="secondary">{t('hall.facetNone')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: '4px 0 0', padding: 0 }}>
          {shown.map((c) => {
            const on = c.value === chosen;
            return (
              <li key={c.value}>
                <Button
                  type={on ? 'primary' : 'text'}
                  ghost={on}
                  size="small"
                  aria-pressed={on}
                  onClick={() => onChoose(on ? undefined : c.value)}
                  title={label(c.value)}
                  style={{
                    width: '100%',
                    justifyContent: 'space-between',
                    textAlign: 'left',
                    height: 'auto',
                    minHeight: 28,
                    whiteSpace: 'normal',
                  }}
                >
                  <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{label(c.value)}</span>
                  {c.count !== null && (
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {c.count}
                    </Typography.Text>
                  )}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {values.length > SHOWN && (
        <Button type="link" size="small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? t('hall.fewer') : t('hall.more', { count: values.length - SHOWN })}
        </Button>
      )}
    </section>
  );
}
