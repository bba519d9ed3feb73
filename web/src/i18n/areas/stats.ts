import type { Widen } from '../widen';

// The dashboard.

export const zh = {
  stats: {
    title: '统计看板',
    range: '推荐时间',
    funnel: '转化漏斗',
    sectors: '按领域',
    districts: '按区县',
    flows: '区县流向（成果所在 → 需求所在）',
    local: '本地转化率',
    contracts: '签约',
    amount: '合同金额（元）',
    median: '需求发布到首次通过（中位数）',
    hours: '小时',
    csv: '导出 CSV',
    suggested: '推荐',
    approved: '通过',
    introduced: '对接',
    contractedStage: '签约',
    rejections: '驳回原因',
  },
};

export const en: Widen<typeof zh> = {
  stats: {
    title: 'Dashboard',
    range: 'Suggested between',
    funnel: 'Funnel',
    sectors: 'By sector',
    districts: 'By district',
    flows: 'District flows (capability → need)',
    local: 'Local conversion',
    contracts: 'Contracts',
    amount: 'Amount (CNY)',
    median: 'Need posted → first approval (median)',
    hours: 'hours',
    csv: 'Export CSV',
    suggested: 'Suggested',
    approved: 'Approved',
    introduced: 'Introduced',
    contractedStage: 'Contracted',
    rejections: 'Why suggestions were rejected',
  },
};
