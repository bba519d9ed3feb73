// The console's names for the innovation-voucher routes' shapes (创新券: src/modules/vouchers): the server's own
// schemas (schema.gen.ts, generated from the OpenAPI document). The lists below are the console's order of the
// schemas' enums (for selects and the lifecycle's steps).
import type { components } from './schema.gen';

type S = components['schemas'];

export type VoucherProgramme = S['ProgrammeView'];
/** One reimbursing body of a programme's share table (`district`: required for a district body). */
export type ShareBody = S['VoucherShareDto'];
export type VoucherQuota = S['QuotaView'];
export type SplitLine = S['VoucherSplitLine'];
/** What POST /voucher-claims/preview answers: the split and the limits before confirming (nothing written). */
export type ClaimPreview = S['ClaimPreviewView'];
export type VoucherClaim = S['ClaimView'];
export type VoucherSettlement = S['SettlementView'];
export type VoucherLedgerRow = S['VoucherLedgerRow'];
export type VoucherLedgerPage = S['VoucherLedgerPage'];
export type VoucherProviderRow = S['VoucherProviderView'];
/** A service record (module A's ServiceRecordView) as the claim form reads it. */
export type ClaimableRecord = S['ServiceRecordView'];
export type VoucherStats = S['VoucherStatsView'];

export type IssuerLevel = VoucherProgramme['issuerLevel'];
export const ISSUER_LEVELS: readonly IssuerLevel[] = ['province', 'city', 'district'];
export type ProgrammeStatus = VoucherProgramme['status'];
export type QuotaStatus = VoucherQuota['status'];
export type ClaimStatus = VoucherClaim['status'];
export type EnterpriseCategory = VoucherQuota['category'];
export const ENTERPRISE_CATEGORY_LIST: readonly EnterpriseCategory[] = ['tech_sme', 'high_tech', 'sme', 'startup'];
export const PROVIDER_KIND_LIST: readonly VoucherProgramme['eligibleProviderKinds'][number][] = [
  'university',
  'research_institute',
  'lab',
  'enterprise',
];
export const SERVICE_KIND_LIST: readonly VoucherProgramme['eligibleServiceKinds'][number][] = ['equipment', 'service'];
/** The settlement CSV's encodings: GBK by default (placeholders for what GBK lacks), GB18030, UTF-8 with a BOM. */
export type CsvEncoding = 'gbk' | 'gb18030' | 'utf-8';
