import { Space, Tag, Typography } from 'antd';
import { useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from '../api/instrument-types';
import {
  cellAt,
  minutesToHhmm,
  selectRange,
  weekdayOf,
  weekRows,
  type CellState,
  type Selection,
} from '../lib/week-calendar';
import '../pages/instruments/i18n';

// An instrument's week (Mon–Sun columns, half-hour rows within its opening hours), every cell free, taken, the
// caller's own, a blackout day, closed or too soon. Choosing: click the first free half hour, then the last one of
// the same day (the same cell again for half an hour); the run must be free throughout. The provider sees who booked.

export const CELL_COLORS: Record<CellState | 'selected', { background: string; color?: string; border?: string }> = {
  free: { background: '#f6ffed', border: '#b7eb8f' },
  taken: { background: '#ff7875', color: '#fff' },
  mine: { background: '#1677ff', color: '#fff' },
  requested: { background: '#ffd591' },
  blackout: { background: 'repeating-linear-gradient(45deg,#f0f0f0,#f0f0f0 4px,#d9d9d9 4px,#d9d9d9 8px)' },
  past: { background: '#f5f5f5', color: '#bfbfbf' },
  closed: { background: '#fafafa' },
  selected: { background: '#52c41a', color: '#fff' },
};

const LEGEND: Array<CellState | 'selected'> = ['free', 'selected', 'taken', 'mine', 'requested', 'blackout', 'past'];

export function CalendarLegend() {
  const { t } = useTranslation();
  return (
    <Space wrap size="small" aria-label="legend">
      {LEGEND.map((s) => (
        <Space key={s} size={4}>
          <span
            style={{
              display: 'inline-block',
              width: 14,
              height: 14,
              borderRadius: 2,
              border: `1px solid ${CELL_COLORS[s].border ?? '#d9d9d9'}`,
              background: CELL_COLORS[s].background,
            }}
          />
          <Typography.Text type="secondary">{t(`inst.legend.${s}`)}</Typography.Text>
        </Space>
      ))}
    </Space>
  );
}

export function WeekCalendar({
  days,
  earliest,
  showNames,
  selectable,
  onSelect,
  onRefused,
}: {
  days: CalendarDay[];
  /** The first instant that may be booked (now plus the instrument's notice). */
  earliest: number;
  /** Name who booked each taken half hour (the provider and coordinators). */
  showNames: boolean;
  /** Whether the caller may choose a period (enterprise members). */
  selectable: boolean;
  onSelect: (s: Selection) => void;
  onRefused?: () => void;
}) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<{ date: string; minute: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const rows = weekRows(days);
  if (!rows.length) return <Typography.Paragraph type="secondary">{t('inst.noOpening')}</Typography.Paragraph>;

  const choose = (day: CalendarDay, minute: number) => {
    if (!anchor || anchor.date !== day.date) {
      setAnchor({ date: day.date, minute });
      return;
    }
    const s = selectRange(day, anchor.minute, minute, earliest);
    if (!s) {
      onRefused?.();
      setAnchor({ date: day.date, minute });
      return;
    }
    setAnchor(null);
    setHover(null);
    onSelect(s);
  };
  const inPreview = (date: string, minute: number) => {
    if (!anchor || anchor.date !== date) return false;
    const other = hover ?? anchor.minute;
    return minute >= Math.min(anchor.minute, other) && minute <= Math.max(anchor.minute, other);
  };
  const head: CSSProperties = { padding: '6px 4px', textAlign: 'center', fontWeight: 500, whiteSpace: 'nowrap' };

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Text type="secondary" aria-live="polite">
        {selectable
          ? anchor
            ? t('inst.pickStarted', { time: `${anchor.date.slice(5)} ${minutesToHhmm(anchor.minute)}` })
            : t('inst.pickHint')
          : null}
      </Typography.Text>
      <div style={{ overflowX: 'auto' }}>
        <table
          role="grid"
          aria-label={t('inst.calendar')}
          style={{ borderCollapse: 'separate', borderSpacing: 2, width: '100%', minWidth: 720, tableLayout: 'fixed' }}
          onMouseLeave={() => setHover(null)}
        >
          <thead>
            <tr>
              <th style={{ ...head, width: 64 }} />
              {days.map((d) => (
                <th key={d.date} style={head} scope="col">
                  <div>{t(`inst.weekday.${weekdayOf(d.date)}`)}</div>
                  <div style={{ fontWeight: 400, color: '#8c8c8c' }}>{d.date.slice(5)}</div>
                  {d.blackout && <Tag style={{ marginInlineEnd: 0 }}>{t('inst.blackoutDay')}</Tag>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m}>
                <th scope="row" style={{ ...head, fontWeight: 400, color: '#595959', fontSize: 12 }}>
                  {minutesToHhmm(m)}
                </th>
                {days.map((d) => {
                  const cell = cellAt(d, m, earliest);
                  const selected = cell.state === 'free' && inPreview(d.date, m);
                  const look = CELL_COLORS[selected ? 'selected' : cell.state];
                  const clickable = selectable && cell.state === 'free';
                  const stateText = t(`inst.legend.${selected ? 'selected' : cell.state}`);
                  const label = t('inst.cellLabel', {
                    day: `${t(`inst.weekday.${weekdayOf(d.date)}`)} ${d.date}`,
                    time: minutesToHhmm(m),
                    state: stateText,
                  });
                  const who = showNames || cell.state === 'mine' ? cell.who : null;
                  return (
                    <td
                      key={d.date}
                      role="gridcell"
                      aria-label={label}
                      aria-selected={selected}
                      title={who ? `${label} · ${t('inst.bookedBy', { name: who })}` : label}
                      tabIndex={clickable ? 0 : undefined}
                      onClick={clickable ? () => choose(d, m) : undefined}
                      onKeyDown={
                        clickable
                          ? (e: KeyboardEvent) => {
                              if (e.key === 'Enter' || e.key === ' ') {
                                e.preventDefault();
                                choose(d, m);
                              }
                            }
                          : undefined
                      }
                      onMouseEnter={() => anchor?.date === d.date && setHover(m)}
                      style={{
                        height: 26,
                        padding: '0 4px',
                        borderRadius: 3,
                        fontSize: 12,
                        overflow: 'hidden',
                        whiteSpace: 'nowrap',
                        textOverflow: 'ellipsis',
                        cursor: clickable ? 'pointer' : 'default',
                        border: `1px solid ${look.border ?? 'transparent'}`,
                        background: look.background,
                        color: look.color,
                      }}
                    >
                      {who ?? (cell.state === 'mine' || cell.state === 'requested' ? stateText : '')}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Space>
  );
}
