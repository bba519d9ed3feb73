import type {
  Band,
  CapabilityKind,
  CapabilityStatus,
  CooperationMode,
  IpStatus,
  MatchStatus,
  NeedKind,
  NeedStatus,
  OrganizationKind,
  RejectReason,
  Role,
  Visibility,
} from '../../api/vocabulary.gen';
import type { Widen } from '../widen';

/** Every value of the server's vocabularies has a label: one the server adds fails the type check until named here. */
interface VocabularyLabels {
  role: Record<Role, string>;
  orgKind: Record<OrganizationKind, string>;
  needKind: Record<NeedKind, string>;
  capabilityKind: Record<CapabilityKind, string>;
  cooperation: Record<CooperationMode, string>;
  ipStatus: Record<IpStatus, string>;
  visibility: Record<Visibility, string>;
  needStatus: Record<NeedStatus, string>;
  capabilityStatus: Record<CapabilityStatus, string>;
  matchStatus: Record<MatchStatus, string>;
  relation: Record<string, string>;
  factor: Record<string, string>;
  district: { outside: string };
  band: Record<Band, string>;
  rejectReason: Record<RejectReason, string>;
}

// Labels of the API’s vocabularies (the values themselves: api/vocabulary.gen.ts).

export const zh = {
  enums: {
    role: { member: '成员', coordinator: '协调员', admin: '管理员' },
    orgKind: {
      enterprise: '企业',
      university: '高校',
      research_institute: '科研院所',
      lab: '实验室',
      government: '政府部门',
      intermediary: '技术转移机构',
      investor: '投资机构',
    },
    needKind: {
      technical_problem: '技术难题',
      talent: '人才需求',
      equipment_access: '设备共享',
      testing: '检验检测',
      joint_rnd: '联合研发',
    },
    capabilityKind: {
      achievement: '科技成果',
      patent: '专利',
      expertise: '专家团队',
      equipment: '仪器设备',
      service: '检验检测服务',
      platform: '创新平台',
    },
    cooperation: {
      commissioned_development: '委托开发',
      joint_development: '合作开发',
      transfer: '技术转让',
      license: '技术许可',
      consulting: '技术咨询',
      technical_service: '技术服务',
      equity: '作价入股',
      joint_lab: '共建平台/联合实验室',
      talent_secondment: '科技特派员/人才派驻',
    },
    ipStatus: {
      patent_granted: '已授权专利',
      patent_pending: '专利申请中',
      software_copyright: '软件著作权',
      trade_secret: '技术秘密',
      none: '无',
      other: '其他',
    },
    visibility: { public: '公开', restricted: '仅协调员可见' },
    needStatus: { open: '开放', paused: '暂停', closed: '已关闭' },
    capabilityStatus: { active: '有效', withdrawn: '已撤回' },
    matchStatus: {
      suggested: '待审核',
      approved: '已通过',
      rejected: '已驳回',
      introduced: '已对接',
      negotiating: '洽谈中',
      contracted: '已签约',
      closed_no_deal: '未成交',
    },
    relation: {
      same: '同一领域',
      parentOrChild: '上下级领域',
      ancestorOrDescendant: '同一大类',
      sibling: '相邻领域',
      cousin: '相关领域',
    },
    factor: { kind: '类型', cooperation: '合作方式', trl: '技术就绪度', location: '地域' },
    district: { outside: '哈尔滨以外' },
    band: { high: '高', medium: '中', low: '低' },
    rejectReason: {
      not_relevant: '技术不对口',
      stage_mismatch: '阶段不匹配',
      unclear_need: '需求不清',
      already_cooperating: '已有合作',
      other: '其他',
    },
  },
} satisfies { enums: VocabularyLabels };

export const en: Widen<typeof zh> = {
  enums: {
    role: { member: 'Member', coordinator: 'Coordinator', admin: 'Admin' },
    orgKind: {
      enterprise: 'Enterprise',
      university: 'University',
      research_institute: 'Research institute',
      lab: 'Laboratory',
      government: 'Government',
      intermediary: 'Intermediary',
      investor: 'Investor',
    },
    needKind: {
      technical_problem: 'Technical problem',
      talent: 'Talent',
      equipment_access: 'Equipment access',
      testing: 'Testing',
      joint_rnd: 'Joint R&D',
    },
    capabilityKind: {
      achievement: 'Achievement',
      patent: 'Patent',
      expertise: 'Expertise',
      equipment: 'Equipment',
      service: 'Testing service',
      platform: 'Platform',
    },
    cooperation: {
      commissioned_development: 'Commissioned development',
      joint_development: 'Joint development',
      transfer: 'Transfer',
      license: 'Licence',
      consulting: 'Consulting',
      technical_service: 'Technical service',
      equity: 'Equity',
      joint_lab: 'Joint lab',
      talent_secondment: 'Talent secondment',
    },
    ipStatus: {
      patent_granted: 'Granted patent',
      patent_pending: 'Patent pending',
      software_copyright: 'Software copyright',
      trade_secret: 'Trade secret',
      none: 'None',
      other: 'Other',
    },
    visibility: { public: 'Public', restricted: 'Coordinators only' },
    needStatus: { open: 'Open', paused: 'Paused', closed: 'Closed' },
    capabilityStatus: { active: 'Active', withdrawn: 'Withdrawn' },
    matchStatus: {
      suggested: 'Suggested',
      approved: 'Approved',
      rejected: 'Rejected',
      introduced: 'Introduced',
      negotiating: 'Negotiating',
      contracted: 'Contracted',
      closed_no_deal: 'Closed, no deal',
    },
    relation: {
      same: 'Same sector',
      parentOrChild: 'Parent or child',
      ancestorOrDescendant: 'Same field',
      sibling: 'Sibling',
      cousin: 'Related',
    },
    factor: { kind: 'Kind', cooperation: 'Cooperation', trl: 'TRL', location: 'Location' },
    district: { outside: 'Outside Harbin' },
    band: { high: 'High', medium: 'Medium', low: 'Low' },
    rejectReason: {
      not_relevant: 'Not relevant',
      stage_mismatch: 'Stage mismatch',
      unclear_need: 'Unclear need',
      already_cooperating: 'Already cooperating',
      other: 'Other',
    },
  },
};
