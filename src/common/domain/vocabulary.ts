// The product's fixed vocabularies (PRODUCT.md), each value with its Chinese and English label.

export const DISTRICTS = [
  '道里',
  '南岗',
  '道外',
  '香坊',
  '平房',
  '松北',
  '呼兰',
  '阿城',
  '双城',
  '依兰',
  '方正',
  '宾县',
  '巴彦',
  '木兰',
  '通河',
  '延寿',
  '尚志',
  '五常',
  'outside',
] as const;
export type District = (typeof DISTRICTS)[number];
export const isHarbin = (d: District): boolean => d !== 'outside';

export const ORGANIZATION_KINDS = [
  'enterprise',
  'university',
  'research_institute',
  'lab',
  'government',
  'intermediary',
  'investor',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  enterprise: '企业 Enterprise',
  university: '高校 University',
  research_institute: '科研院所 Research institute',
  lab: '实验室 Laboratory',
  government: '政府部门 Government',
  intermediary: '技术转移机构 Intermediary',
  investor: '投资机构 Investor',
};
/** Organisations that own needs and those that own capabilities. */
export const NEED_OWNER_KINDS: readonly OrganizationKind[] = ['enterprise'];
export const CAPABILITY_OWNER_KINDS: readonly OrganizationKind[] = ['university', 'research_institute', 'lab'];

export const ROLES = ['member', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const NEED_KINDS = ['technical_problem', 'talent', 'equipment_access', 'testing', 'joint_rnd'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];
export const NEED_KIND_LABELS: Record<NeedKind, string> = {
  technical_problem: '技术难题 Technical problem',
  talent: '人才需求 Talent',
  equipment_access: '设备共享 Equipment access',
  testing: '检验检测 Testing',
  joint_rnd: '联合研发 Joint R&D',
};

export const CAPABILITY_KINDS = ['achievement', 'patent', 'expertise', 'equipment', 'service', 'platform'] as const;
export type CapabilityKind = (typeof CAPABILITY_KINDS)[number];
export const CAPABILITY_KIND_LABELS: Record<CapabilityKind, string> = {
  achievement: '科技成果 Achievement',
  patent: '专利 Patent',
  expertise: '专家团队 Expertise',
  equipment: '仪器设备 Equipment',
  service: '检验检测服务 Service',
  platform: '创新平台 Platform',
};

export const COOPERATION_MODES = [
  'commissioned_development',
  'joint_development',
  'transfer',
  'license',
  'consulting',
  'technical_service',
  'equity',
  'joint_lab',
  'talent_secondment',
] as const;
export type CooperationMode = (typeof COOPERATION_MODES)[number];
export const COOPERATION_MODE_LABELS: Record<CooperationMode, string> = {
  commissioned_development: '委托开发 Commissioned development',
  joint_development: '合作开发 Joint development',
  transfer: '技术转让 Transfer',
  license: '技术许可 Licence',
  consulting: '技术咨询 Consulting',
  technical_service: '技术服务 Technical service',
  equity: '作价入股 Equity',
  joint_lab: '共建平台/联合实验室 Joint lab',
  talent_secondment: '科技特派员/人才派驻 Talent secondment',
};

export const VISIBILITIES = ['public', 'restricted'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const NEED_STATUSES = ['open', 'paused', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const CAPABILITY_STATUSES = ['active', 'withdrawn'] as const;
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number];

export const IP_STATUSES = [
  'patent_granted',
  'patent_pending',
  'software_copyright',
  'trade_secret',
  'none',
  'other',
] as const;
export type IpStatus = (typeof IP_STATUSES)[number];
export const IP_STATUS_LABELS: Record<IpStatus, string> = {
  patent_granted: '已授权专利 Granted patent',
  patent_pending: '专利申请中 Patent pending',
  software_copyright: '软件著作权 Software copyright',
  trade_secret: '技术秘密 Trade secret',
  none: '无 None',
  other: '其他 Other',
};

/** An enterprise's declared category for innovation vouchers (创新券), with the evidence it gives (e.g. 入库登记编号). */
export const ENTERPRISE_CATEGORIES = ['tech_sme', 'high_tech', 'sme', 'startup'] as const;
export type EnterpriseCategory = (typeof ENTERPRISE_CATEGORIES)[number];
export const ENTERPRISE_CATEGORY_LABELS: Record<EnterpriseCategory, string> = {
  tech_sme: '科技型中小企业 Tech-based SME',
  high_tech: '高新技术企业 High-tech enterprise',
  sme: '中小微企业 Small or micro enterprise',
  startup: '初创企业 Start-up',
};
