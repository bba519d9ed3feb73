import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useLabels } from '../../hooks/useLabels';

// What the voucher and envoy pages share: their words (Chinese first, English when the console is switched to it),
// amounts in exact yuan, dates, status tags, and a refused request in words with the steps allowed now.

/** Picks the Chinese or the English text by the console's language. */
export function useBi() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (zh: string, english: string) => (en ? english : zh);
}

export function useVLabels() {
  const bi = useBi();
  const l = useLabels();
  const en = l.lang === 'en';
  return {
    ...l,
    bi,
    /** Exact whole yuan (a claim's split must add up to the yuan): 12,345 元 / CNY 12,345. */
    yuan: (n: number | null | undefined) =>
      n == null ? '—' : en ? `CNY ${n.toLocaleString('en')}` : `${n.toLocaleString('zh-CN')} 元`,
    date: (d: string | null | undefined) => (d ? dayjs(d).format('YYYY-MM-DD') : '—'),
    time: (d: string | null | undefined) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—'),
    level: (s: string) =>
      ({ province: bi('省级', 'Province'), city: bi('市级', 'City'), district: bi('区县级', 'District') })[s] ?? s,
    category: (s: string) =>
      ({
        tech_sme: bi('科技型中小企业', 'Tech-based SME'),
        high_tech: bi('高新技术企业', 'High-tech enterprise'),
        sme: bi('中小微企业', 'Small or micro enterprise'),
        startup: bi('初创企业', 'Start-up'),
      })[s] ?? s,
    serviceKind: (s: string) =>
      ({ equipment: bi('仪器设备', 'Instruments'), service: bi('检验检测服务', 'Testing services') })[s] ?? s,
  };
}

const COLORS: Record<string, string> = {
  draft: 'default',
  open: 'green',
  closed: 'default',
  requested: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
  booked: 'blue',
  settled: 'green',
  filled: 'gold',
  nominated: 'blue',
  enterprise_accepted: 'geekblue',
  nominee_accepted: 'geekblue',
  matched: 'green',
  declined: 'red',
  active: 'green',
  completed: 'cyan',
  terminated: 'red',
};

export function useStatusLabel() {
  const bi = useBi();
  const names: Record<string, string> = {
    draft: bi('草稿', 'Draft'),
    open: bi('申报中', 'Open'),
    closed: bi('已关闭', 'Closed'),
    requested: bi('待审核', 'Requested'),
    approved: bi('已核定', 'Approved'),
    rejected: bi('未通过', 'Rejected'),
    withdrawn: bi('已撤回', 'Withdrawn'),
    booked: bi('已入账', 'Booked'),
    settled: bi('已结算', 'Settled'),
    filled: bi('已选定', 'Filled'),
    nominated: bi('已推荐', 'Nominated'),
    enterprise_accepted: bi('企业已接受', 'Accepted by the enterprise'),
    nominee_accepted: bi('专家已接受', 'Accepted by the nominee'),
    matched: bi('双向选择成功', 'Matched'),
    declined: bi('已婉拒', 'Declined'),
    active: bi('履行中', 'Active'),
    completed: bi('已完成', 'Completed'),
    terminated: bi('已终止', 'Terminated'),
  };
  return (s: string) => names[s] ?? s;
}

/**
 * A status in words and colour; `of`: a post's `open` is 征集中 rather than a programme's 申报中, an agreement's
 * `draft` is 待签署.
 */
export function StatusTag({ status, of }: { status: string; of?: 'post' | 'agreement' }) {
  const label = useStatusLabel();
  const bi = useBi();
  const text =
    of === 'post' && status === 'open'
      ? bi('征集中', 'Open')
      : of === 'agreement' && status === 'draft'
        ? bi('待签署', 'Awaiting signatures')
        : label(status);
  return <Tag color={COLORS[status] ?? 'default'}>{text}</Tag>;
}

/** A refused request in words: the server's own (bilingual) message, field messages, and for a 409 the steps allowed. */
export function useErrorText() {
  const bi = useBi();
  const label = useStatusLabel();
  return (e: unknown): string => {
    if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
    const fields = e.fieldErrors.map((f) => f.message);
    const details = e.body?.details as { allowed?: string[] } | undefined;
    const allowed = e.status === 409 && Array.isArray(details?.allowed) ? details.allowed : null;
    const main = fields.length ? fields.join('；') : e.message;
    return allowed ? `${main}（${bi('现在可以', 'allowed now')}：${allowed.map(label).join('、') || '—'}）` : main;
  };
}

/** A named reference's name whichever way the server sends it (`x: {id, name}` or `xName`). */
export const nameOf = (ref: { name: string } | null | undefined, flat?: string | null): string =>
  ref?.name ?? flat ?? '—';

/** The items of a list answer, paged or not. */
export const itemsOf = <T,>(d: { items: T[] } | undefined): T[] => d?.items ?? [];
