import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { CpStatus } from './api';

const STATUS_COLOR: Record<CpStatus, string> = { candidate: 'gold', confirmed: 'green', dismissed: 'default' };

/** 候选 / 已确认 / 已驳回, in colour and in words. */
export function CpStatusTag({ status }: { status: CpStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`cp.status.${status}`)}</Tag>;
}

/** A refused request in words: the fields' messages (bilingual), and for a 409 the steps still allowed. */
export function useCpErrorText() {
  const { t } = useTranslation();
  return (e: unknown): string => {
    if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
    const fields = [...new Set(e.fieldErrors.map((f) => f.message))];
    const details = e.body?.details as { allowed?: string[] } | undefined;
    const main = fields.length ? fields.join('；') : e.message;
    return e.status === 409 && Array.isArray(details?.allowed)
      ? `${main}（${t('cp.allowedNext', {
          allowed: details.allowed.map((s) => t(`cp.status.${s}`)).join('、') || '—',
        })}）`
      : main;
  };
}
