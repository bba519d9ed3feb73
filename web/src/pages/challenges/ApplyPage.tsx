import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApplication, useChallenge, useSaveApplication } from '../../api/challenges';
import type { ChallengeApplication } from '../../api/challenge-types';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../components/states';
import { applyApiErrors } from '../../lib/apply-errors';
import { PartnerSelect } from './PartnerSelect';
import { ChallengeStatusTag, sum, useChLabels } from './shared';

interface Values {
  mode: 'alone' | 'consortium';
  title: string;
  approach: string;
  team: Array<{ name: string; role: string; title?: string }>;
  trl: number;
  budget: Array<{ item: string; amountYuan: number }>;
  plan: Array<{ title: string; dueOn: Dayjs; deliverable: string }>;
  priorResults: string;
  members?: Array<{ organizationId?: string; role: string }>;
  leadRole?: string;
}

const FIELDS = ['title', 'approach', 'trl', 'priorResults', 'teamSize', 'leadRole'];
const rowLabel = (label: string, i: number) => `${label} ${i + 1}`;

/** A list field's rows, each a line of inputs, with add and remove. */
function Rows({
  name,
  label,
  addLabel,
  blank,
  min = 1,
  children,
}: {
  name: string;
  label: string;
  addLabel: string;
  blank: Record<string, unknown>;
  min?: number;
  children: (field: number, i: number) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <>
          {rows.map(({ key, name: field }, i) => (
            <Row key={key} gutter={8} wrap={false} align="top">
              <Col flex="auto">
                <Row gutter={8}>{children(field, i)}</Row>
              </Col>
              <Col flex="32px">
                {rows.length > min && (
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={`${t('ch.remove')} ${rowLabel(label, i)}`}
                    onClick={() => remove(field)}
                  />
                )}
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(blank)} style={{ marginBottom: 24 }}>
            {addLabel}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/**
 * Applying to a challenge (/challenges/:id/apply) or changing an application until the deadline
 * (/challenges/:id/applications/:appId/edit): alone or as a consortium (partners found by name in the
 * organisations' directory, each with its part; the caller's organisation leads), the proposal (approach, team,
 * TRL, budget by item, plan, prior results). Eligibility is the server's to check: its reason is shown above the
 * form.
 */
export default function ApplyPage() {
  const { id, appId } = useParams();
  const { t } = useTranslation();
  const l = useChLabels();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<string[]>([]);
  const challenge = useChallenge(id);
  const existing = useApplication(id, appId);
  const save = useSaveApplication(id, appId);
  const mode = Form.useWatch('mode', form);
  const budget = Form.useWatch('budget', form);
  const partners = Form.useWatch('members', form);

  if (challenge.isLoading || (appId && existing.isLoading)) return <Loading />;
  if (challenge.error || !challenge.data) return <LoadError error={challenge.error} />;
  if (appId && existing.error) return <LoadError error={existing.error} />;
  const c = challenge.data;

  const initial = (a: ChallengeApplication | undefined): Partial<Values> =>
    a
      ? {
          mode: a.members.length > 1 ? 'consortium' : 'alone',
          title: a.title,
          approach: a.approach,
          team: a.team.map((m) => ({ ...m, title: m.title ?? undefined })),
          trl: a.trl,
          budget: a.budget,
          plan: a.plan.map((p) => ({ ...p, dueOn: dayjs(p.dueOn) })),
          priorResults: a.priorResults ?? undefined,
          leadRole: a.members.find((m) => m.isLead)?.role,
          members: a.members.filter((m) => !m.isLead).map((m) => ({ organizationId: m.organization.id, role: m.role })),
        }
      : {
          mode: 'alone',
          team: [{ name: me.user.name, role: '' }],
          budget: [{ item: '', amountYuan: 0 }],
          plan: [{ title: '', dueOn: undefined as unknown as Dayjs, deliverable: '' }],
          members: [{ role: '' }],
        };

  const submit = (v: Values) => {
    setNotice([]);
    const members = v.mode === 'consortium' ? (v.members ?? []).filter((m) => m.organizationId) : [];
    const team = v.team.map((m) => ({ name: m.name.trim(), role: m.role.trim(), title: m.title?.trim() || undefined }));
    save.mutate(
      {
        title: v.title.trim(),
        approach: v.approach.trim(),
        team,
        teamSize: team.length,
        trl: v.trl,
        budget: v.budget.map((b) => ({ item: b.item.trim(), amountYuan: b.amountYuan })),
        plan: v.plan.map((p) => ({
          title: p.title.trim(),
          dueOn: p.dueOn.format('YYYY-MM-DD'),
          deliverable: p.deliverable.trim(),
        })),
        priorResults: v.priorResults?.trim() ?? '',
        leadRole: v.leadRole?.trim() || undefined,
        members: members.map((m) => ({ organizationId: m.organizationId!, role: m.role.trim() })),
      },
      {
        onSuccess: (a) => {
          void message.success(appId ? t('common.saved') : t('ch.submitted'));
          void navigate(`/challenges/${c.id}/applications/${a.id}`);
        },
        onError: (e) => setNotice(applyApiErrors(form, e, FIELDS)),
      },
    );
  };

  // Partners already in the application (shown by name), and the organisations never offered as one.
  const known = (existing.data?.members ?? []).filter((m) => !m.isLead).map((m) => m.organization);
  const excluded = (i: number) => [
    me.organization.id,
    c.issuer?.id,
    ...(partners ?? []).filter((_, j) => j !== i).map((m) => m?.organizationId),
  ];

  const required = (label: string) => [
    { required: true, whitespace: true, message: t('login.required', { field: label }) },
  ];

  return (
    <Card
      variant="borderless"
      styles={{ body: { maxWidth: 980 } }}
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {appId ? t('ch.editApplication') : t('ch.applyTitle')}
          </Typography.Title>
          <Space wrap>
            <Link to={`/challenges/${c.id}`}>{c.title}</Link>
            <ChallengeStatusTag status={c.status} />
            <Typography.Text type="secondary">
              {t('ch.deadline')}：{l.time(c.applicationDeadline)}
            </Typography.Text>
          </Space>
        </Space>
      }
    >
      {notice.length > 0 && (
        <Alert type="error" showIcon role="alert" title={notice.join('；')} style={{ marginBottom: 16 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial(existing.data)}
        onFinish={submit}
        scrollToFirstError
      >
        <Form.Item label={t('ch.consortium')} name="mode">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'alone', label: t('ch.alone') },
              { value: 'consortium', label: t('ch.asConsortium') },
            ]}
          />
        </Form.Item>
        {mode === 'consortium' && (
          <Card size="small" style={{ marginBottom: 24 }}>
            <Row gutter={8}>
              <Col xs={24} md={10}>
                <Form.Item label={t('ch.lead')}>
                  <Input value={me.organization.name} disabled />
                </Form.Item>
              </Col>
              <Col xs={24} md={13}>
                <Form.Item label={t('ch.partnerRole')} name="leadRole">
                  <Input aria-label={`${t('ch.lead')} ${t('ch.partnerRole')}`} maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {t('ch.partnerHint')}
              {l.lang === 'en' && ' '}
              {t('ch.invitedHint')}
            </Typography.Text>
            <Rows name="members" label={t('ch.partner')} addLabel={t('ch.addPartner')} blank={{ role: '' }}>
              {(f, i) => (
                <>
                  <Col xs={24} md={10}>
                    <Form.Item
                      name={[f, 'organizationId']}
                      rules={[{ required: true, message: t('login.required', { field: t('ch.partner') }) }]}
                    >
                      <PartnerSelect aria-label={rowLabel(t('ch.partner'), i)} exclude={excluded(i)} known={known} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item name={[f, 'role']} rules={required(t('ch.partnerRole'))}>
                      <Input placeholder={t('ch.partnerRole')} aria-label={rowLabel(t('ch.partnerRole'), i)} />
                    </Form.Item>
                  </Col>
                </>
              )}
            </Rows>
          </Card>
        )}
        <Form.Item label={t('ch.appTitle')} name="title" rules={required(t('ch.appTitle'))}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item label={t('ch.approach')} name="approach" rules={required(t('ch.approach'))}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} maxLength={20000} />
        </Form.Item>
        <Typography.Title level={5}>{t('ch.team')}</Typography.Title>
        <Rows name="team" label={t('ch.memberName')} addLabel={t('ch.addMember')} blank={{ name: '', role: '' }}>
          {(f, i) => (
            <>
              <Col xs={24} md={6}>
                <Form.Item name={[f, 'name']} rules={required(t('ch.memberName'))}>
                  <Input placeholder={t('ch.memberName')} aria-label={rowLabel(t('ch.memberName'), i)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name={[f, 'title']}>
                  <Input placeholder={t('ch.memberTitle')} aria-label={rowLabel(t('ch.memberTitle'), i)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={[f, 'role']} rules={required(t('ch.memberRole'))}>
                  <Input placeholder={t('ch.memberRole')} aria-label={rowLabel(t('ch.memberRole'), i)} />
                </Form.Item>
              </Col>
            </>
          )}
        </Rows>
        <Form.Item
          label={t('ch.trlNow')}
          name="trl"
          rules={[{ required: true, message: t('login.required', { field: t('ch.trlNow') }) }]}
        >
          <InputNumber min={1} max={9} style={{ width: 120 }} />
        </Form.Item>
        <Typography.Title level={5}>{t('ch.budget')}</Typography.Title>
        <Rows name="budget" label={t('ch.budgetItem')} addLabel={t('ch.addBudget')} blank={{ item: '' }}>
          {(f, i) => (
            <>
              <Col xs={24} md={14}>
                <Form.Item name={[f, 'item']} rules={required(t('ch.budgetItem'))}>
                  <Input placeholder={t('ch.budgetItem')} aria-label={rowLabel(t('ch.budgetItem'), i)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item
                  name={[f, 'amountYuan']}
                  rules={[{ required: true, message: t('login.required', { field: t('ch.amountYuan') }) }]}
                >
                  <InputNumber
                    min={0}
                    step={10000}
                    placeholder={t('ch.amountYuan')}
                    aria-label={rowLabel(t('ch.amountYuan'), i)}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            </>
          )}
        </Rows>
        <Typography.Paragraph type="secondary" style={{ marginTop: -16 }}>
          {t('ch.budgetSum', { sum: l.yuan(sum((budget ?? []).map((b) => b?.amountYuan))) })}
        </Typography.Paragraph>
        <Typography.Title level={5}>{t('ch.plan')}</Typography.Title>
        <Rows name="plan" label={t('ch.planTitle')} addLabel={t('ch.addPlan')} blank={{ title: '', deliverable: '' }}>
          {(f, i) => (
            <>
              <Col xs={24} md={8}>
                <Form.Item name={[f, 'title']} rules={required(t('ch.planTitle'))}>
                  <Input placeholder={t('ch.planTitle')} aria-label={rowLabel(t('ch.planTitle'), i)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name={[f, 'dueOn']}
                  rules={[{ required: true, message: t('login.required', { field: t('ch.dueOn') }) }]}
                >
                  <DatePicker
                    placeholder={t('ch.dueOn')}
                    aria-label={rowLabel(t('ch.dueOn'), i)}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name={[f, 'deliverable']} rules={required(t('ch.deliverable'))}>
                  <Input placeholder={t('ch.deliverable')} aria-label={rowLabel(t('ch.deliverable'), i)} />
                </Form.Item>
              </Col>
            </>
          )}
        </Rows>
        <Form.Item label={t('ch.priorResults')} name="priorResults">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
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
