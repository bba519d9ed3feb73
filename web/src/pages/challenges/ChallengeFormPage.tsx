import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { CRITERIA, type Challenge, type Criterion, type FundingSource } from '../../api/challenge-types';
import { useChallenge, useSaveChallenge } from '../../api/challenges';
import { get } from '../../api/client';
import { useListingPage } from '../../api/listings';
import { useOrganizationPage } from '../../api/organizations';
import type { Need } from '../../api/types';
import { DISTRICTS, ORGANIZATION_KINDS } from '../../api/vocabulary.gen';
import { useMe } from '../../auth/session';
import { SectorCascader } from '../../components/sectors';
import { LoadError, Loading } from '../../components/states';
import { options } from '../../hooks/useLabels';
import { applyApiErrors } from '../../lib/apply-errors';
import { atLeast } from '../../lib/roles';
import { sum, useChLabels } from './shared';

type Origin = 'text' | 'need' | 'problem';

interface Values {
  origin: Origin;
  sourceNeedId?: string;
  commonProblemId?: string;
  issuerOrganizationId?: string;
  title: string;
  problem: string;
  sectorKeys?: string[];
  keywords?: string[];
  indicators: Array<{ name: string; target: string; unit: string; verification: string }>;
  fundingTotalYuan: number;
  fundingSources: FundingSource[];
  eligibility: {
    organizationKinds: string[];
    districts?: string[];
    allowOutside: boolean;
    minTrl?: number | null;
    minTeamSize?: number | null;
    maxTeamSize?: number | null;
  };
  applicationDeadline: Dayjs;
  ipTerms: string;
  milestones: Array<{ title: string; dueOn: Dayjs; sharePct: number }>;
  multipleWinners: boolean;
  maxWinners?: number;
  criteriaWeights: Record<Criterion, number>;
  publish?: boolean;
}

/** The fields whose errors the API names and the form shows beside them; list rows' errors go above the form. */
const FIELDS = [
  'sourceNeedId',
  'commonProblemId',
  'issuerOrganizationId',
  'title',
  'problem',
  'sectorKeys',
  'keywords',
  'fundingTotalYuan',
  'eligibility',
  'applicationDeadline',
  'ipTerms',
  'multipleWinners',
  'maxWinners',
];

const DEFAULT_WEIGHTS: Record<Criterion, number> = {
  technical_merit: 30,
  feasibility: 25,
  team: 15,
  budget: 10,
  local_conversion: 20,
};

/** A row of a list field: its inputs side by side, labelled for screen readers (and tests) with the row number. */
function rowLabel(label: string, i: number) {
  return `${label} ${i + 1}`;
}

/**
 * Posting a challenge (/challenges/new) or changing one (/challenges/:id/edit): from a need, a confirmed common
 * problem (preselected by ?sourceNeedId= or ?commonProblemId=), or free text; indicators, funding and its sources, eligibility, deadline, IP terms, milestones with their
 * dates and shares, one winner or several. Coordinators may publish at once; an enterprise's challenge is a draft it
 * then sends for approval.
 */
export default function ChallengeFormPage() {
  const { id } = useParams();
  // /challenges/new?sourceNeedId=… or ?commonProblemId=…: started from a need's or a common problem's page.
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const l = useChLabels();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<string[]>([]);
  const coordinator = atLeast(me.user.role, 'coordinator');
  const existing = useChallenge(id);
  const save = useSaveChallenge(id);
  const origin = Form.useWatch('origin', form) ?? 'text';
  const total = Form.useWatch('fundingTotalYuan', form);
  const sources = Form.useWatch('fundingSources', form);
  const shares = Form.useWatch('milestones', form);
  const several = Form.useWatch('multipleWinners', form);

  const needs = useListingPage('needs', {
    page: 1,
    pageSize: 100,
    status: 'open',
    mine: coordinator ? undefined : true,
  });
  const problems = useQuery({
    queryKey: ['common-problems', 'confirmed'],
    queryFn: () =>
      get<{ items: Array<{ id: string; title: string }> }>('/common-problems', { status: 'confirmed', pageSize: 100 }),
    enabled: coordinator && !id,
    retry: false,
  });
  const enterprises = useOrganizationPage(
    { page: 1, pageSize: 100, kind: 'enterprise' },
    { retry: false, staleTime: 60_000 },
  );

  if (id && existing.isLoading) return <Loading />;
  if (id && existing.error) return <LoadError error={existing.error} />;

  const fromNeed = (needId: string) => {
    const n = needs.data?.items.find((x: Need) => x.id === needId);
    if (!n) return;
    form.setFieldsValue({
      title: (form.getFieldValue('title') as string | undefined) || n.title,
      problem: (form.getFieldValue('problem') as string | undefined) || n.description,
      sectorKeys: n.sectors,
      keywords: n.keywords,
    });
  };

  const initial = (c: Challenge | undefined): Partial<Values> =>
    c
      ? {
          origin: c.sourceNeed ? 'need' : c.commonProblemId ? 'problem' : 'text',
          sourceNeedId: c.sourceNeed?.id,
          commonProblemId: c.commonProblemId ?? undefined,
          issuerOrganizationId: c.issuer?.id,
          title: c.title,
          problem: c.problem,
          sectorKeys: c.sectorKeys,
          keywords: c.keywords,
          indicators: c.indicators,
          fundingTotalYuan: c.fundingTotalYuan,
          fundingSources: c.fundingSources,
          eligibility: c.eligibility,
          applicationDeadline: dayjs(c.applicationDeadline),
          ipTerms: c.ipTerms,
          milestones: c.milestones.map((m) => ({ title: m.title, dueOn: dayjs(m.dueOn), sharePct: m.sharePct })),
          multipleWinners: c.multipleWinners,
          maxWinners: c.maxWinners,
          criteriaWeights: c.criteriaWeights,
        }
      : {
          origin: params.get('commonProblemId') ? 'problem' : params.get('sourceNeedId') ? 'need' : 'text',
          sourceNeedId: params.get('sourceNeedId') ?? undefined,
          commonProblemId: params.get('commonProblemId') ?? undefined,
          indicators: [{ name: '', target: '', unit: '', verification: '' }],
          fundingSources: [{ source: 'government', name: '', amountYuan: 0 }],
          eligibility: {
            organizationKinds: ['university', 'research_institute', 'lab', 'enterprise'],
            districts: [],
            allowOutside: true,
          },
          milestones: [{ title: '', dueOn: undefined as unknown as Dayjs, sharePct: 100 }],
          multipleWinners: false,
          criteriaWeights: DEFAULT_WEIGHTS,
        };

  const submit = (v: Values) => {
    setNotice([]);
    const body: Record<string, unknown> = {
      title: v.title.trim(),
      problem: v.problem.trim(),
      sectorKeys: v.sectorKeys ?? [],
      keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
      indicators: v.indicators,
      fundingTotalYuan: v.fundingTotalYuan,
      fundingSources: v.fundingSources,
      eligibility: {
        organizationKinds: v.eligibility.organizationKinds,
        districts: v.eligibility.districts ?? [],
        allowOutside: v.eligibility.allowOutside ?? false,
        minTrl: v.eligibility.minTrl ?? null,
        minTeamSize: v.eligibility.minTeamSize ?? null,
        maxTeamSize: v.eligibility.maxTeamSize ?? null,
      },
      applicationDeadline: v.applicationDeadline.toISOString(),
      ipTerms: v.ipTerms.trim(),
      milestones: v.milestones.map((m) => ({
        title: m.title.trim(),
        dueOn: m.dueOn.format('YYYY-MM-DD'),
        sharePct: m.sharePct,
      })),
      multipleWinners: v.multipleWinners,
      maxWinners: v.multipleWinners ? v.maxWinners : 1,
      criteriaWeights: v.criteriaWeights,
    };
    if (!id) {
      if (v.origin === 'need' && v.sourceNeedId) body.sourceNeedId = v.sourceNeedId;
      if (v.origin === 'problem' && v.commonProblemId) body.commonProblemId = v.commonProblemId;
      if (coordinator && v.origin === 'text' && v.issuerOrganizationId)
        body.issuerOrganizationId = v.issuerOrganizationId;
      if (coordinator && v.publish) body.publish = true;
    }
    save.mutate(body, {
      onSuccess: (c) => {
        void message.success(t('ch.created'));
        void navigate(`/challenges/${c.id}`);
      },
      onError: (e) => setNotice(applyApiErrors(form, e, FIELDS)),
    });
  };

  const required = (label: string) => [{ required: true, message: t('login.required', { field: label }) }];
  const sourcesSum = sum((sources ?? []).map((s) => s?.amountYuan));
  const sharesSum = sum((shares ?? []).map((m) => m?.sharePct));

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {id ? t('common.edit') : t('ch.new')}
        </Typography.Title>
      }
      variant="borderless"
      styles={{ body: { maxWidth: 980 } }}
    >
      {notice.length > 0 && (
        <Alert type="error" showIcon title={notice.join('；')} style={{ marginBottom: 16 }} role="alert" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial(existing.data)}
        onFinish={submit}
        scrollToFirstError
      >
        {!id && (
          <Form.Item label={t('ch.origin')} name="origin">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'text', label: t('ch.fromText') },
                { value: 'need', label: t('ch.fromNeed') },
                ...(coordinator ? [{ value: 'problem', label: t('ch.fromProblem') }] : []),
              ]}
            />
          </Form.Item>
        )}
        {!id && origin === 'need' && (
          <Form.Item
            label={t('ch.sourceNeedId')}
            name="sourceNeedId"
            extra={t('ch.sourceNeedHint')}
            rules={required(t('ch.sourceNeedId'))}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={needs.isFetching}
              onChange={fromNeed}
              options={(needs.data?.items ?? []).map((n: Need) => ({
                value: n.id,
                label: coordinator ? `${n.title} · ${n.organizationName ?? ''}` : n.title,
              }))}
            />
          </Form.Item>
        )}
        {!id && origin === 'problem' && (
          <Form.Item label={t('ch.commonProblemId')} name="commonProblemId" rules={required(t('ch.commonProblemId'))}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={problems.isFetching}
              options={(problems.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
            />
          </Form.Item>
        )}
        {!id && coordinator && origin === 'text' && (
          <Form.Item
            label={t('ch.issuerOrganizationId')}
            name="issuerOrganizationId"
            rules={required(t('ch.issuerOrganizationId'))}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(enterprises.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('ch.title')} name="title" rules={[...required(t('ch.title')), { max: 200 }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item label={t('ch.problem')} name="problem" rules={required(t('ch.problem'))}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('ch.sectors')} name="sectorKeys">
              <SectorCascader />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('ch.keywords')} name="keywords">
              <Select mode="tags" tokenSeparators={[',', '，', '、', ';', '；']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('ch.indicators')}</Typography.Title>
        <Form.List name="indicators">
          {(rows, { add, remove }) => (
            <>
              {rows.map(({ key, name }, i) => (
                <Row key={key} gutter={8} align="top">
                  <Col xs={24} md={6}>
                    <Form.Item name={[name, 'name']} rules={required(t('ch.indicatorName'))}>
                      <Input placeholder={t('ch.indicatorName')} aria-label={rowLabel(t('ch.indicatorName'), i)} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[name, 'target']} rules={required(t('ch.indicatorTarget'))}>
                      <Input placeholder={t('ch.indicatorTarget')} aria-label={rowLabel(t('ch.indicatorTarget'), i)} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[name, 'unit']} rules={required(t('ch.indicatorUnit'))}>
                      <Input placeholder={t('ch.indicatorUnit')} aria-label={rowLabel(t('ch.indicatorUnit'), i)} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={10}>
                    <Form.Item name={[name, 'verification']} rules={required(t('ch.indicatorVerification'))}>
                      <Input
                        placeholder={t('ch.indicatorVerification')}
                        aria-label={rowLabel(t('ch.indicatorVerification'), i)}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1}>
                    {rows.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={`${t('ch.remove')} ${rowLabel(t('ch.indicatorName'), i)}`}
                        onClick={() => remove(name)}
                      />
                    )}
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', target: '', unit: '', verification: '' })}
                style={{ marginBottom: 24 }}
              >
                {t('ch.addIndicator')}
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('ch.funding')}</Typography.Title>
        <Form.Item label={t('ch.fundingTotal')} name="fundingTotalYuan" rules={required(t('ch.fundingTotal'))}>
          <InputNumber min={1} step={10000} style={{ width: 240 }} />
        </Form.Item>
        <Form.List name="fundingSources">
          {(rows, { add, remove }) => (
            <>
              {rows.map(({ key, name }, i) => (
                <Row key={key} gutter={8}>
                  <Col xs={24} md={5}>
                    <Form.Item name={[name, 'source']} rules={required(t('ch.source'))}>
                      <Select
                        aria-label={rowLabel(t('ch.source'), i)}
                        options={(['government', 'enterprise', 'other'] as const).map((s) => ({
                          value: s,
                          label: l.fundingSource(s),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={11}>
                    <Form.Item name={[name, 'name']} rules={required(t('ch.sourceName'))}>
                      <Input placeholder={t('ch.sourceName')} aria-label={rowLabel(t('ch.sourceName'), i)} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={7}>
                    <Form.Item name={[name, 'amountYuan']} rules={required(t('ch.amountYuan'))}>
                      <InputNumber
                        min={1}
                        step={10000}
                        placeholder={t('ch.amountYuan')}
                        aria-label={rowLabel(t('ch.amountYuan'), i)}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1}>
                    {rows.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={`${t('ch.remove')} ${rowLabel(t('ch.sourceName'), i)}`}
                        onClick={() => remove(name)}
                      />
                    )}
                  </Col>
                </Row>
              ))}
              <Space style={{ marginBottom: 24 }} wrap>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ source: 'enterprise', name: '' })}>
                  {t('ch.addSource')}
                </Button>
                <Typography.Text type={total && sourcesSum !== total ? 'danger' : 'secondary'}>
                  {t('ch.sourcesSum', { sum: l.yuan(sourcesSum), total: l.yuan(total ?? 0) })}
                </Typography.Text>
              </Space>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('ch.eligibility')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('ch.orgKinds')}
              name={['eligibility', 'organizationKinds']}
              rules={required(t('ch.orgKinds'))}
            >
              <Select mode="multiple" options={options(ORGANIZATION_KINDS, l.orgKind)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('ch.districts')} name={['eligibility', 'districts']}>
              <Select
                mode="multiple"
                allowClear
                options={options(
                  DISTRICTS.filter((d) => d !== 'outside'),
                  l.district,
                )}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['eligibility', 'allowOutside']} valuePropName="checked">
              <Checkbox>{t('ch.allowOutside')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={8} md={6}>
            <Form.Item label={t('ch.minTrl')} name={['eligibility', 'minTrl']}>
              <InputNumber min={1} max={9} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={6}>
            <Form.Item label={t('ch.minTeam')} name={['eligibility', 'minTeamSize']}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={6}>
            <Form.Item label={t('ch.maxTeam')} name={['eligibility', 'maxTeamSize']}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('ch.applicationDeadline')}
              name="applicationDeadline"
              rules={required(t('ch.applicationDeadline'))}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('ch.ipTerms')} name="ipTerms" rules={required(t('ch.ipTerms'))}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={5000} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('ch.milestones')}</Typography.Title>
        <Form.List name="milestones">
          {(rows, { add, remove }) => (
            <>
              {rows.map(({ key, name }, i) => (
                <Row key={key} gutter={8}>
                  <Col xs={24} md={13}>
                    <Form.Item name={[name, 'title']} rules={required(t('ch.milestoneTitle'))}>
                      <Input placeholder={t('ch.milestoneTitle')} aria-label={rowLabel(t('ch.milestoneTitle'), i)} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name={[name, 'dueOn']} rules={required(t('ch.dueOn'))}>
                      <DatePicker
                        placeholder={t('ch.dueOn')}
                        aria-label={rowLabel(t('ch.dueOn'), i)}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={5}>
                    <Form.Item name={[name, 'sharePct']} rules={required(t('ch.sharePct'))}>
                      <InputNumber
                        min={1}
                        max={100}
                        placeholder={t('ch.sharePct')}
                        aria-label={rowLabel(t('ch.sharePct'), i)}
                        suffix="%"
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1}>
                    {rows.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={`${t('ch.remove')} ${rowLabel(t('ch.milestoneTitle'), i)}`}
                        onClick={() => remove(name)}
                      />
                    )}
                  </Col>
                </Row>
              ))}
              <Space style={{ marginBottom: 24 }} wrap>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '' })}>
                  {t('ch.addMilestone')}
                </Button>
                <Typography.Text type={sharesSum !== 100 ? 'danger' : 'secondary'}>
                  {t('ch.sharesSum', { sum: sharesSum })}
                </Typography.Text>
              </Space>
            </>
          )}
        </Form.List>

        <Row gutter={16} align="middle">
          <Col xs={24} md={8}>
            <Form.Item label={t('ch.multipleWinners')} name="multipleWinners" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {several && (
            <Col xs={24} md={8}>
              <Form.Item label={t('ch.maxWinners')} name="maxWinners" rules={required(t('ch.maxWinners'))}>
                <InputNumber min={2} max={10} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Typography.Title level={5}>{t('ch.weights')}</Typography.Title>
        <Row gutter={8}>
          {CRITERIA.map((c) => (
            <Col key={c} xs={12} md={4}>
              <Form.Item label={l.criterion(c)} name={['criteriaWeights', c]}>
                <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        {!id && coordinator && (
          <Form.Item name="publish" valuePropName="checked">
            <Checkbox>{t('ch.publishNow')}</Checkbox>
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.submit')}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
