import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useMatch, useMatchHistory, useTransition } from '../api/matches';
import { CLOSE_REASON_LABELS, CLOSE_REASONS, COOPERATION_MODES, NEXT_STATES, NOTE_STATES } from '../api/vocabulary.gen';
import { useMe } from '../auth/session';
import { BandTag, ExplanationSummary } from '../components/Explanation';
import { HiddenNeed, MatchStatusTag, needHidden } from '../components/MatchCards';
import { LoadError, Loading } from '../components/states';
import { useLabels } from '../hooks/useLabels';
import { atLeast } from '../lib/roles';

type Action = 'introduced' | 'negotiating' | 'contracted' | 'closed_no_deal' | 'note';

/** One match as an introduction: its stage, the parties (contacts from the introduction on), the next steps. */
export default function MatchPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const me = useMe();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm();
  const match = useMatch(id);
  const history = useMatchHistory(id);
  const step = useTransition(id);
  const onSuccess = () => {
    setAction(null);
    form.resetFields();
    void message.success(t('life.done'));
  };
  const onError = (e: Error) => {
    const allowed = e instanceof ApiError ? (e.body?.details as { allowed?: string[] } | undefined)?.allowed : null;
    void message.error(allowed ? `${e.message}` : e.message);
  };
  const send = (body: Record<string, unknown>) => step.mutate(body, { onSuccess, onError });

  if (match.isLoading) return <Loading />;
  if (match.error || !match.data) return <LoadError error={match.error} />;
  const m = match.data;
  const coordinator = atLeast(me.user.role, 'coordinator');
  const party = m.need.organizationId === me.organization.id || m.capability.organizationId === me.organization.id;
  const actions: Action[] = [];
  if (coordinator && m.status === 'approved') actions.push('introduced');
  if ((coordinator || party) && m.status === 'introduced') actions.push('negotiating');
  if (coordinator && m.status === 'negotiating') actions.push('contracted');
  if (coordinator && NEXT_STATES[m.status].includes('closed_no_deal')) actions.push('closed_no_deal');
  if ((coordinator || party) && NOTE_STATES.includes(m.status)) actions.push('note');
  const label: Record<Action, string> = {
    introduced: t('life.introduce'),
    negotiating: t('life.negotiate'),
    contracted: t('life.contract'),
    closed_no_deal: t('life.close'),
    note: t('life.addNote'),
  };
  const contact = m.counterpart?.contact;

  const hidden = needHidden(m);

  const submit = (v: Record<string, unknown>) => {
    const note = (v.note as string | undefined)?.trim() || undefined;
    // A coordinator's note is internal unless ticked; the parties' own notes always reach both of them.
    const shared = coordinator && note ? v.shared === true : undefined;
    if (action === 'note') return send({ to: m.status, note, shared });
    if (action === 'contracted') {
      const signed = v.signedOn as { format: (f: string) => string } | undefined;
      return send({
        to: 'contracted',
        note,
        shared,
        contract: {
          mode: v.mode,
          amountCny: v.amountCny,
          signedOn: signed?.format('YYYY-MM-DD'),
          registrationNo: (v.registrationNo as string | undefined)?.trim() || undefined,
        },
      });
    }
    if (action === 'closed_no_deal') return send({ to: 'closed_no_deal', reason: v.reason, note, shared });
    send({ to: action, note, shared, expectedStatus: m.status });
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('life.title')}
        </Typography.Title>
        <MatchStatusTag status={m.status} />
        <Tag>{Math.round(m.score * 100)}</Tag>
        <BandTag band={m.band ?? m.explanation?.band} />
        {m.rejectReason && (
          <Tag>
            {t('review.rejectReason')}：{l.rejectReason(m.rejectReason)}
          </Tag>
        )}
      </Space>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('life.need')}>
            {hidden ? (
              <HiddenNeed />
            ) : (
              <>
                <Link to={`/needs/${m.needId}`}>{m.need.title}</Link> · {m.need.organizationName} (
                {l.district(m.need.district)})
              </>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('life.capability')}>
            <Link to={`/capabilities/${m.capabilityId}`}>{m.capability.title}</Link> · {m.capability.organizationName} (
            {l.district(m.capability.district)})
          </Descriptions.Item>
          <Descriptions.Item label={t('life.contact')}>
            {contact
              ? [m.counterpart?.organizationName, contact.person, contact.phone, contact.email]
                  .filter(Boolean)
                  .join(' · ')
              : t('life.contactHidden')}
          </Descriptions.Item>
          {m.capacity && (
            <Descriptions.Item label={t('life.capacity')}>
              {m.capacity.max === null ? t('life.unlimited') : `${m.capacity.active} / ${m.capacity.max}`}
              {m.capacity.full && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  {t('life.full')}
                </Tag>
              )}
            </Descriptions.Item>
          )}
          {m.contract && (
            <Descriptions.Item label={t('life.contracted')}>
              {l.cooperation(m.contract.mode)} · ¥{m.contract.amountCny.toLocaleString('zh-CN')} · {m.contract.signedOn}
              {m.contract.registrationNo ? ` · ${m.contract.registrationNo}` : ''}
            </Descriptions.Item>
          )}
          {m.closeReason && (
            <Descriptions.Item label={t('life.closed')}>
              {CLOSE_REASON_LABELS[m.closeReason] ?? m.closeReason}
              {m.closeNote ? ` · ${m.closeNote}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {/* Null for the capability side of a restricted need before the introduction: it comes from the need. */}
      {m.explanation && <ExplanationSummary explanation={m.explanation} band={m.band} />}
      {actions.length > 0 && (
        <Card size="small">
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type={action === a ? 'primary' : 'default'} onClick={() => setAction(a)}>
                {label[a]}
              </Button>
            ))}
          </Space>
          {action && (
            <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16, maxWidth: 560 }}>
              {action === 'contracted' && (
                <>
                  <Form.Item name="mode" label={t('life.mode')} rules={[{ required: true }]}>
                    <Select options={COOPERATION_MODES.map((x) => ({ value: x, label: l.cooperation(x) }))} />
                  </Form.Item>
                  <Form.Item name="amountCny" label={t('life.amount')} rules={[{ required: true }]}>
                    <InputNumber min={0} step={10000} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="signedOn" label={t('life.signedOn')} rules={[{ required: true }]}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="registrationNo" label={t('life.registrationNo')}>
                    <Input />
                  </Form.Item>
                </>
              )}
              {action === 'closed_no_deal' && (
                <Form.Item name="reason" label={t('life.reason')} rules={[{ required: true }]}>
                  <Select options={CLOSE_REASONS.map((value) => ({ value, label: CLOSE_REASON_LABELS[value] }))} />
                </Form.Item>
              )}
              <Form.Item name="note" label={t('life.note')} rules={action === 'note' ? [{ required: true }] : []}>
                <Input.TextArea rows={3} placeholder={t('life.notePlaceholder')} maxLength={2000} />
              </Form.Item>
              {coordinator && (
                <Form.Item name="shared" valuePropName="checked" initialValue={false}>
                  <Checkbox>{t('life.shared')}</Checkbox>
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" loading={step.isPending}>
                {t('life.submit')}
              </Button>
            </Form>
          )}
        </Card>
      )}
      <Card size="small" title={t('life.history')}>
        <Timeline
          items={(history.data?.items ?? []).map((h) => ({
            color: h.kind === 'note' ? 'gray' : 'blue',
            children: (
              <Space orientation="vertical" size={0}>
                <span>
                  {new Date(h.at).toLocaleString('zh-CN')} · {h.actor?.name ?? t('life.engine')} ·{' '}
                  {h.kind === 'note' ? t('life.noteKind') : l.matchStatus(h.to)}
                </span>
                {h.note && (
                  <Typography.Text type="secondary">
                    {h.note}
                    {coordinator && h.shared !== undefined && h.actor && h.actor.role !== 'member' && (
                      <Tag style={{ marginLeft: 8 }} color={h.shared ? 'blue' : 'default'}>
                        {h.shared ? t('life.shared') : t('life.internal')}
                      </Tag>
                    )}
                  </Typography.Text>
                )}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
