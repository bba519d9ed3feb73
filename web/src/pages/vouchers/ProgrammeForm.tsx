import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSaveProgramme } from '../../api/vouchers';
import {
  ENTERPRISE_CATEGORY_LIST,
  ISSUER_LEVELS,
  PROVIDER_KIND_LIST,
  SERVICE_KIND_LIST,
  type ShareBody,
  type VoucherProgramme,
} from '../../api/voucher-types';
import { DISTRICTS } from '../../api/vocabulary.gen';
import { applyApiErrors } from '../../lib/apply-errors';
import { useVLabels } from './shared';

/** A share row as the form holds it (`district` undefined rather than null). */
type ShareRow = Omit<ShareBody, 'district'> & { district?: string };

interface Values {
  name: string;
  issuerLevel: string;
  issuerDistrict?: string;
  issuerName: string;
  period: [Dayjs, Dayjs];
  shares: ShareRow[];
  capPerEnterpriseYuan: number;
  budgetYuan: number;
  eligibleProviderKinds: string[];
  eligibleServiceKinds: string[];
  eligibleEnterpriseCategories: string[];
}

const FIELDS = [
  'name',
  'issuerLevel',
  'issuerDistrict',
  'issuerName',
  'periodStart',
  'periodEnd',
  'shares',
  'capPerEnterpriseYuan',
  'budgetYuan',
  'eligibleProviderKinds',
  'eligibleServiceKinds',
  'eligibleEnterpriseCategories',
];

const row = (label: string, i: number) => `${label} ${i + 1}`;

/** The percent a body pays for an enterprise and a provider in these districts (`outside`: not in Harbin). */
const sharePercent = (s: Partial<ShareRow>, enterprise: string, provider: string): number => {
  if (s.level === 'district' && s.district && s.district !== enterprise) return 0;
  const harbin = provider !== 'outside';
  return (
    (s.basePercent ?? 0) +
    (harbin ? (s.harbinBonusPercent ?? 0) : 0) +
    (harbin && provider === enterprise ? (s.sameDistrictBonusPercent ?? 0) : 0)
  );
};

/**
 * The largest total percent any claim could reach (the server's rule): over every pair of the enterprise's and the
 * provider's districts — the district bodies' own, another Harbin district, and outside Harbin. At most 100.
 */
const maxTotalPercent = (shares: ReadonlyArray<Partial<ShareRow>>): number => {
  const own = shares.filter((s) => s.level === 'district' && s.district).map((s) => s.district!);
  const places = [...new Set(own), '\u0000another', 'outside'];
  let max = 0;
  for (const e of places)
    for (const p of places)
      max = Math.max(
        max,
        shares.reduce((a, s) => a + sharePercent(s, e, p), 0),
      );
  return max;
};

/**
 * A programme's form (create, or change one): its issuer, period, budget and per-enterprise cap, who is eligible,
 * and the share table — each reimbursing body with its base percent and the bonuses for a provider in Harbin and in
 * the enterprise's own district; a district body names its 区县 (it pays only for enterprises there, and its
 * same-district bonus only when the provider is there too). The largest total any claim could reach is shown and
 * must stay within 100 %.
 * Once a programme is open only its name, end date and budget (upwards) may change.
 */
export function ProgrammeForm({
  programme: p,
  onSaved,
}: {
  programme?: VoucherProgramme;
  onSaved: (p: VoucherProgramme) => void;
}) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<string[]>([]);
  const save = useSaveProgramme(p?.id);
  const level = Form.useWatch('issuerLevel', form);
  const shares = Form.useWatch('shares', form) ?? [];
  const total = maxTotalPercent(shares.filter(Boolean));
  const locked = !!p && p.status !== 'draft';

  const initial: Partial<Values> = p
    ? {
        name: p.name,
        issuerLevel: p.issuerLevel,
        issuerDistrict: p.issuerDistrict ?? undefined,
        issuerName: p.issuerName,
        period: [dayjs(p.periodStart), dayjs(p.periodEnd)],
        shares: p.shares.map((s) => ({ ...s, district: s.district ?? undefined })),
        capPerEnterpriseYuan: p.capPerEnterpriseYuan,
        budgetYuan: p.budgetYuan,
        eligibleProviderKinds: p.eligibleProviderKinds,
        eligibleServiceKinds: p.eligibleServiceKinds,
        eligibleEnterpriseCategories: p.eligibleEnterpriseCategories,
      }
    : {
        issuerLevel: 'city',
        shares: [{ body: '', level: 'province', basePercent: 0, harbinBonusPercent: 0, sameDistrictBonusPercent: 0 }],
        eligibleProviderKinds: ['university', 'research_institute', 'lab'],
        eligibleServiceKinds: ['equipment', 'service'],
        eligibleEnterpriseCategories: [...ENTERPRISE_CATEGORY_LIST],
      };

  const submit = (v: Values) => {
    setNotice([]);
    const all: Record<string, unknown> = {
      name: v.name.trim(),
      issuerLevel: v.issuerLevel,
      issuerDistrict: v.issuerLevel === 'district' ? v.issuerDistrict : null,
      issuerName: v.issuerName.trim(),
      periodStart: v.period[0].format('YYYY-MM-DD'),
      periodEnd: v.period[1].format('YYYY-MM-DD'),
      shares: v.shares.map((s) => ({
        body: s.body.trim(),
        level: s.level,
        district: s.level === 'district' ? s.district : null,
        basePercent: s.basePercent ?? 0,
        harbinBonusPercent: s.harbinBonusPercent ?? 0,
        sameDistrictBonusPercent: s.sameDistrictBonusPercent ?? 0,
      })),
      capPerEnterpriseYuan: v.capPerEnterpriseYuan,
      budgetYuan: v.budgetYuan,
      eligibleProviderKinds: v.eligibleProviderKinds,
      eligibleServiceKinds: v.eligibleServiceKinds,
      eligibleEnterpriseCategories: v.eligibleEnterpriseCategories,
    };
    const body = locked ? { name: all.name, periodEnd: all.periodEnd, budgetYuan: all.budgetYuan } : all;
    save.mutate(body, {
      onSuccess: (saved) => {
        void message.success(bi('已保存', 'Saved'));
        onSaved(saved);
      },
      onError: (e) => setNotice(applyApiErrors(form, e, FIELDS)),
    });
  };

  const pct = (name: string, label: string, i: number, field: { key: number; name: number }) => (
    <Form.Item name={[field.name, name]} noStyle rules={[{ required: true, message: label }]}>
      <InputNumber
        aria-label={row(label, i)}
        min={0}
        max={100}
        suffix="%"
        style={{ width: 130 }}
        disabled={locked}
        placeholder={label}
      />
    </Form.Item>
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      // The share table's cells carry no messages of their own (noStyle): say what is wrong there above the form,
      // until the table changes again.
      onFinishFailed={({ errorFields }) =>
        setNotice([...new Set(errorFields.filter((f) => f.name[0] === 'shares').flatMap((f) => f.errors))])
      }
      onValuesChange={(changed: Partial<Values>) => {
        if (changed.shares && notice.length) setNotice([]);
      }}
    >
      {notice.length > 0 && <Alert type="error" showIcon title={notice.join('；')} style={{ marginBottom: 16 }} />}
      <Form.Item name="name" label={bi('计划名称', 'Programme name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="issuerLevel" label={bi('发放层级', 'Issuer level')} rules={[{ required: true }]}>
          <Select
            style={{ width: 140 }}
            disabled={locked}
            options={ISSUER_LEVELS.map((v) => ({ value: v, label: l.level(v) }))}
          />
        </Form.Item>
        {level === 'district' && (
          <Form.Item name="issuerDistrict" label={bi('所在区县', 'District')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              disabled={locked}
              options={DISTRICTS.filter((d) => d !== 'outside').map((d) => ({ value: d, label: l.district(d) }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="issuerName"
          label={bi('发放单位', 'Issuing body')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input style={{ width: 260 }} maxLength={200} disabled={locked} placeholder="哈尔滨市科学技术局" />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="period" label={bi('服务期间', 'Service period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            id="period"
            disabled={[locked, false]}
            placeholder={[bi('开始日期', 'Start date'), bi('结束日期', 'End date')]}
          />
        </Form.Item>
        <Form.Item name="budgetYuan" label={bi('总预算（元）', 'Budget (CNY)')} rules={[{ required: true }]}>
          <InputNumber min={1} step={10000} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="capPerEnterpriseYuan"
          label={bi('每家企业年度上限（元）', 'Cap per enterprise and year (CNY)')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} step={1000} style={{ width: 200 }} disabled={locked} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="eligibleProviderKinds" label={bi('可服务的机构类型', 'Eligible providers')}>
          <Select
            mode="multiple"
            style={{ minWidth: 260 }}
            disabled={locked}
            options={PROVIDER_KIND_LIST.map((v) => ({ value: v, label: l.orgKind(v) }))}
          />
        </Form.Item>
        <Form.Item name="eligibleServiceKinds" label={bi('可补贴的服务类型', 'Eligible services')}>
          <Select
            mode="multiple"
            style={{ minWidth: 240 }}
            disabled={locked}
            options={SERVICE_KIND_LIST.map((v) => ({ value: v, label: l.serviceKind(v) }))}
          />
        </Form.Item>
        <Form.Item name="eligibleEnterpriseCategories" label={bi('可申请的企业类别', 'Eligible enterprises')}>
          <Select
            mode="multiple"
            style={{ minWidth: 320 }}
            disabled={locked}
            options={ENTERPRISE_CATEGORY_LIST.map((v) => ({ value: v, label: l.category(v) }))}
          />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{bi('分担比例', 'Share table')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {bi(
          '每个出资单位的比例 = 基础比例 + 哈尔滨加成（服务机构在哈尔滨市内）+ 同区加成（服务机构与企业在同一区县）；各单位金额向下取整到元。区县级出资单位须选择区县：只补助该区县的企业，同区加成只在服务机构也在该区县时。',
          "Each body's percent = base + the Harbin bonus (provider in Harbin) + the same-district bonus (provider in the enterprise's district); each amount is rounded down to the yuan. A district body names its district: it pays only for enterprises there, its same-district bonus only when the provider is there too.",
        )}
      </Typography.Paragraph>
      <Form.List name="shares">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap aria-hidden>
              {(
                [
                  [bi('出资单位', 'Body'), 220],
                  [bi('层级', 'Level'), 110],
                  [bi('区县', 'District'), 120],
                  [bi('基础比例', 'Base'), 130],
                  [bi('哈尔滨加成', 'Harbin bonus'), 130],
                  [bi('同区加成', 'Same-district bonus'), 130],
                ] as const
              ).map(([text, width]) => (
                <Typography.Text key={text} type="secondary" style={{ display: 'inline-block', width }}>
                  {text}
                </Typography.Text>
              ))}
            </Space>
            {fields.map((field, i) => (
              <Space key={field.key} wrap align="baseline">
                <Form.Item
                  name={[field.name, 'body']}
                  noStyle
                  rules={[
                    { required: true, whitespace: true, message: bi('请填写出资单位', 'Name the body') },
                    {
                      pattern: /^\s*[^=+\-@\s]/,
                      message: bi('出资单位名称不能以 = + - @ 开头', 'A body must not start with = + - @'),
                    },
                  ]}
                >
                  <Input
                    aria-label={row(bi('出资单位', 'Body'), i)}
                    placeholder={bi('出资单位', 'Body')}
                    style={{ width: 220 }}
                    disabled={locked}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'level']} noStyle rules={[{ required: true }]}>
                  <Select
                    aria-label={row(bi('层级', 'Level'), i)}
                    style={{ width: 110 }}
                    disabled={locked}
                    options={ISSUER_LEVELS.map((v) => ({ value: v, label: l.level(v) }))}
                  />
                </Form.Item>
                <ShareDistrict field={field} i={i} locked={locked} />
                {pct('basePercent', bi('基础比例', 'Base'), i, field)}
                {pct('harbinBonusPercent', bi('哈尔滨加成', 'Harbin bonus'), i, field)}
                {pct('sameDistrictBonusPercent', bi('同区加成', 'Same-district bonus'), i, field)}
                {!locked && fields.length > 1 && (
                  <MinusCircleOutlined aria-label={row(bi('删除', 'Remove'), i)} onClick={() => remove(field.name)} />
                )}
              </Space>
            ))}
            {!locked && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({ body: '', level: 'city', basePercent: 0, harbinBonusPercent: 0, sameDistrictBonusPercent: 0 })
                }
              >
                {bi('添加出资单位', 'Add a body')}
              </Button>
            )}
            <Typography.Text type={total > 100 ? 'danger' : 'secondary'}>
              {bi(`最高合计比例 ${total}%（不得超过 100%）`, `Largest total ${total}% (at most 100%)`)}
            </Typography.Text>
          </Space>
        )}
      </Form.List>
      <Form.Item style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={total > 100}>
          {bi('保存', 'Save')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** The 区县 cell of a share row: a district body's district (required), nothing for a province or city body. */
function ShareDistrict({ field, i, locked }: { field: { key: number; name: number }; i: number; locked: boolean }) {
  const l = useVLabels();
  const { bi } = l;
  return (
    <Form.Item noStyle shouldUpdate>
      {({ getFieldValue }) =>
        getFieldValue(['shares', field.name, 'level']) === 'district' ? (
          <Form.Item
            name={[field.name, 'district']}
            noStyle
            rules={[{ required: true, message: bi('请选择区县', 'Choose the district') }]}
          >
            <Select
              aria-label={row(bi('区县', 'District'), i)}
              style={{ width: 120 }}
              disabled={locked}
              placeholder={bi('区县', 'District')}
              options={DISTRICTS.filter((d) => d !== 'outside').map((d) => ({ value: d, label: l.district(d) }))}
            />
          </Form.Item>
        ) : (
          <Typography.Text type="secondary" style={{ display: 'inline-block', width: 120 }}>
            —
          </Typography.Text>
        )
      }
    </Form.Item>
  );
}
