import { App, Button, Checkbox, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChallengeWrite } from '../../api/challenges';
import { CHALLENGE_NEXT, mayTakeChallengeStep, type Challenge, type ChallengeStatus } from '../../api/challenge-types';
import { useErrorText, useChLabels } from './shared';

/** Steps with a payload of their own: they open their tab instead of a dialog. */
const OWN_ROUTE: Partial<Record<ChallengeStatus, string>> = { notice: 'notice', awarded: 'award' };

/**
 * The challenge's next steps as buttons: only those the state machine allows from its status and the caller may take
 * (the server's own list when it sends one). Each asks for its note, a closing reason, or — closing applications
 * before the deadline — the coordinator's say-so; a refusal (409) is shown with the steps allowed now.
 */
export function StepsBar({
  challenge: c,
  actor,
  onOpenTab,
}: {
  challenge: Challenge;
  actor: 'coordinator' | 'issuer' | 'other';
  onOpenTab: (tab: string) => void;
}) {
  const { t } = useTranslation();
  const l = useChLabels();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [to, setTo] = useState<ChallengeStatus | null>(null);
  const [form] = Form.useForm<{ note?: string; reason?: string; force?: boolean }>();
  const move = useChallengeWrite<Record<string, unknown>>(c.id, () => `/challenges/${c.id}/transitions`);
  // `completed` follows the last accepted milestone by itself.
  const steps = (
    c.allowedTransitions ?? CHALLENGE_NEXT[c.status].filter((s) => mayTakeChallengeStep(actor, c.status, s))
  )
    .filter((s) => s !== 'completed')
    .filter((s) => actor === 'coordinator' || !OWN_ROUTE[s]);
  if (!steps.length) return null;
  const early = to === 'reviewing' && c.status === 'published' && dayjs().isBefore(dayjs(c.applicationDeadline));

  const submit = (v: { note?: string; reason?: string; force?: boolean }) => {
    if (!to) return;
    move.mutate(
      {
        to,
        expectedStatus: c.status,
        note: v.note?.trim() || undefined,
        reason: v.reason?.trim() || undefined,
        force: early ? v.force : undefined,
      },
      {
        onSuccess: () => {
          void message.success(t('ch.stepDone', { status: l.status(to) }));
          setTo(null);
          form.resetFields();
        },
        onError: (e) => {
          void message.error(errorText(e), 8);
          setTo(null);
        },
      },
    );
  };

  return (
    <Space wrap aria-label={t('ch.steps')}>
      <Typography.Text type="secondary">{t('ch.steps')}：</Typography.Text>
      {steps.map((s) => (
        <Button
          key={s}
          danger={s === 'failed'}
          type={s === 'failed' || s === 'draft' ? 'default' : 'primary'}
          onClick={() => (OWN_ROUTE[s] ? onOpenTab(OWN_ROUTE[s]) : setTo(s))}
        >
          {s === 'reviewing' && c.status === 'notice' ? t('ch.backToReview') : t(`ch.step.${s}`)}
        </Button>
      ))}
      <Modal
        open={!!to}
        title={to ? t(`ch.step.${to}`) : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={move.isPending}
        onOk={() => form.submit()}
        onCancel={() => setTo(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {to === 'failed' && (
            <Form.Item
              name="reason"
              label={t('ch.stepReason')}
              rules={[
                { required: true, whitespace: true, message: t('login.required', { field: t('ch.stepReason') }) },
              ]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {early && (
            <Form.Item
              name="force"
              valuePropName="checked"
              rules={[
                {
                  validator: (_, v?: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('ch.force')))),
                },
              ]}
            >
              <Checkbox>{t('ch.force')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={t('ch.stepNote')}
            rules={
              early || to === 'draft'
                ? [{ required: true, whitespace: true, message: t('login.required', { field: t('ch.stepNote') }) }]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
