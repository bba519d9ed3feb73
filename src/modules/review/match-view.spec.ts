import { HIDDEN_NEED_TITLE, toMatchView } from './match-view.js';
import type { MatchRow } from './review.repository.js';

const NEED_ORG = '00000000-0000-4000-8000-000000000001';
const CAP_ORG = '00000000-0000-4000-8000-000000000002';

/** An explanation as the engine writes it, every part of it quoting the need's words. */
const EXPLANATION = {
  algorithmVersion: 'tm-2026.12.1',
  score: 0.61,
  summary: {
    zh: '需求的“涡轮盘榫槽裂纹”与成果的疲劳试验对口。',
    en: 'The need’s turbine disc crack meets fatigue testing.',
  },
  band: 'medium',
  ranker: {
    version: 'rk-1',
    probability: 0.61,
    features: { keyword: 0.5 },
    contributions: [{ feature: 'keyword', labelZh: '关键词“榫槽”', labelEn: 'keyword', value: 0.5, contribution: 1.1 }],
  },
  associations: [{ needTerm: '榫槽', capabilityTerm: '叶片', strength: 0.4 }],
  duplicates: { count: 1, capabilityIds: ['00000000-0000-4000-8000-000000000009'] },
  keyword: { score: 0.5, weight: 0.7, terms: [{ term: '涡轮盘', weight: 3, contribution: 0.2 }] },
};
const NEED_WORDS = ['涡轮盘', '榫槽', 'turbine disc', 'hitech:0301', '道里', '示例乙制造有限公司'];

function row(over: Partial<MatchRow> = {}): MatchRow {
  return {
    id: '00000000-0000-4000-8000-000000000010',
    need_id: '00000000-0000-4000-8000-000000000011',
    capability_id: '00000000-0000-4000-8000-000000000012',
    score: 0.61,
    rank: 1,
    status: 'approved',
    explanation: EXPLANATION,
    band: 'medium',
    reject_reason: null,
    algorithm_version: 'tm-2026.12.1',
    version: 2,
    reviewed_at: null,
    created_at: new Date(0),
    updated_at: new Date(0),
    n_kind: 'technical_problem',
    n_title: '保密：涡轮盘榫槽裂纹',
    n_description: '涡轮盘榫槽部位出现疲劳裂纹',
    n_sectors: ['hitech:0301'],
    n_keywords: ['涡轮盘'],
    n_district: '道里',
    n_org: NEED_ORG,
    n_org_name: '示例乙制造有限公司',
    n_contact: { person: null, phone: null, email: null },
    n_status: 'open',
    n_visibility: 'restricted',
    c_kind: 'achievement',
    c_title: '叶片疲劳试验',
    c_description: '高周疲劳试验',
    c_sectors: ['hitech:0302'],
    c_keywords: ['叶片'],
    c_district: '南岗',
    c_org: CAP_ORG,
    c_org_name: '示例理工大学',
    c_contact: { person: null, phone: null, email: null },
    c_status: 'active',
    c_capacity: null,
    c_active: 0,
    introduced_at: null,
    closed_at: null,
    contract_mode: null,
    contract_amount_cny: null,
    contract_signed_on: null,
    contract_registration_no: null,
    close_reason: null,
    close_note: null,
    close_note_shared: null,
    ...over,
  };
}

const capabilitySide = { from: 'capability' as const, viewer: { coordinator: false, organizationId: CAP_ORG } };

describe('a match as each side sees it', () => {
  it('gives the capability side of a restricted need, before the introduction, no explanation and no band', () => {
    const view = toMatchView(row(), capabilitySide);
    expect(view.explanation).toBeNull();
    expect(view.band).toBeNull();
    expect(view.need.title).toBe(HIDDEN_NEED_TITLE);
    const text = JSON.stringify(view);
    for (const word of [...NEED_WORDS, '关键词“榫槽”', 'rk-1']) {
      expect({ word, leaked: text.includes(word) }).toEqual({ word, leaked: false });
    }
    // Its own capability stays in view.
    expect(view.capability.title).toBe('叶片疲劳试验');
  });

  it('shows the summary, ranker, associations, duplicates and band to the need’s owner and to coordinators', () => {
    for (const seen of [
      { from: 'need' as const, viewer: { coordinator: false, organizationId: NEED_ORG } },
      { from: 'capability' as const, viewer: { coordinator: true, organizationId: '' } },
      undefined,
    ]) {
      const view = toMatchView(row(), seen);
      expect(view.band).toBe('medium');
      expect(view.explanation).toMatchObject({
        summary: EXPLANATION.summary,
        ranker: { version: 'rk-1' },
        associations: EXPLANATION.associations,
        duplicates: EXPLANATION.duplicates,
      });
    }
  });

  it('shows everything to the capability side from the introduction on, and of a public need at once', () => {
    for (const over of [{ introduced_at: new Date(), status: 'introduced' as const }, { n_visibility: 'public' }]) {
      const view = toMatchView(row(over), capabilitySide);
      expect(view.band).toBe('medium');
      expect(view.explanation).toMatchObject({ summary: EXPLANATION.summary, associations: EXPLANATION.associations });
    }
  });

  it('carries the rejection reason, and renders an explanation from before bands as it was', () => {
    const old = { algorithmVersion: 'tm-2026.11.1', score: 0.4, keyword: EXPLANATION.keyword };
    const view = toMatchView(
      row({ status: 'rejected', reject_reason: 'stage_mismatch', band: null, explanation: old }),
    );
    expect(view).toMatchObject({ rejectReason: 'stage_mismatch', band: null, explanation: old });
  });
});
