import { App, Button, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBookingStep } from '../../api/instruments';
import type { Booking, BookingStep, ViewerRole } from '../../api/instrument-types';
import { useInstErrorText, useInstLabels } from './shared';

/** The steps the caller may take on a booking now: the server's list. */
export function bookingSteps(b: Booking, now = Date.now()): BookingStep[] {
  const steps = b.allowedTransitions;
  // Completing is for after the booked period has started.
  return steps.filter((s) => s !== 'completed' || Date.parse(b.from) <= now);
}

const bookedMinutes = (b: Booking) => Math.round((Date.parse(b.to) - Date.parse(b.from)) / 60_000);

/**
 * A booking's next steps as buttons; declining, and the provider's cancelling, ask for a reason (the enterprise is
 * told), completing for the minutes used. A refusal (409: someone moved first, the slot is taken, the cut-off has
 * passed) is shown in the server's words.
 */
export function BookingActions({ booking: b, side }: { booking: Booking; side: ViewerRole }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { message } = App.useApp();
  const errorText = useInstErrorText(l.bookingStatus);
  const step = useBookingStep();
  const [to, setTo] = useState<BookingStep | null>(null);
  const [form] = Form.useForm<{ reason?: string; actualMinutes?: number | null }>();
  const steps = bookingSteps(b);
  if (!steps.length) return null;
  const needsReason = (s: BookingStep) => s === 'declined' || (s === 'cancelled' && side !== 'enterprise');
  const needsDialog = (s: BookingStep) => needsReason(s) || s === 'completed' || s === 'cancelled';
  const name = b.instrumentName;

  const run = (s: BookingStep, v: { reason?: string; actualMinutes?: number | null } = {}) =>
    step.mutate(
      {
        id: b.id,
        to: s,
        reason: v.reason?.trim() || undefined,
        actualMinutes: v.actualMinutes ?? undefined,
      },
      {
        onSuccess: () => {
          void message.success(t('inst.stepDone', { step: l.bookingStep(s) }));
          setTo(null);
        },
        onError: (e) => {
          void message.error(errorText(e), 8);
          setTo(null);
        },
      },
    );

  return (
    <Space wrap size="small">
      {steps.map((s) => (
        <Button
          key={s}
          size="small"
          type={s === 'confirmed' || s === 'completed' ? 'primary' : 'default'}
          danger={s === 'declined' || s === 'cancelled'}
          loading={step.isPending && step.variables?.to === s}
          onClick={() => (needsDialog(s) ? setTo(s) : run(s))}
        >
          {l.bookingStep(s)}
        </Button>
      ))}
      <Modal
        open={!!to}
        title={to ? t('inst.stepTitle', { step: l.bookingStep(to), name }) : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={step.isPending}
        onOk={() => form.submit()}
        onCancel={() => setTo(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {l.period(b.from, b.to)} · {b.enterpriseName ?? ''}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => to && run(to, v)}>
          {to && (needsReason(to) || to === 'cancelled') && (
            <Form.Item
              name="reason"
              label={t('inst.reason')}
              rules={needsReason(to) ? [{ required: true, whitespace: true, message: t('inst.reasonRequired') }] : []}
            >
              <Input.TextArea rows={3} maxLength={1000} placeholder={t('inst.reasonPlaceholder')} />
            </Form.Item>
          )}
          {to === 'completed' && (
            <>
              <Typography.Paragraph>{t('inst.completeHint')}</Typography.Paragraph>
              <Form.Item
                name="actualMinutes"
                label={t('inst.actualMinutes')}
                extra={t('inst.actualMinutesHint', { n: bookedMinutes(b) })}
              >
                <InputNumber min={1} max={bookedMinutes(b)} step={30} style={{ width: 200 }} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
