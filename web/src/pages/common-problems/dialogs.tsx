import { App, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommonProblemActions, type CpSummary } from './api';
import { useCpErrorText } from './shared';

// The two decisions on a common problem, from its page or straight from the list of candidates.

export function ConfirmDialog({
  p,
  onClose,
}: {
  p: Pick<CpSummary, 'id' | 'version' | 'organizationCount'>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useCpErrorText();
  const { confirm } = useCommonProblemActions();
  const [note, setNote] = useState('');
  return (
    <Modal
      open
      title={t('cp.confirmTitle')}
      okText={t('cp.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: confirm.isPending }}
      onCancel={onClose}
      onOk={() =>
        confirm.mutate(
          { id: p.id, version: p.version, note: note.trim() || undefined },
          {
            onSuccess: () => {
              void message.success(t('cp.confirmed'));
              onClose();
            },
            onError: (e) => void message.error(errorText(e), 8),
          },
        )
      }
    >
      <Typography.Paragraph>{t('cp.confirmText', { orgs: p.organizationCount })}</Typography.Paragraph>
      <Input.TextArea
        aria-label={t('cp.note')}
        placeholder={t('cp.notePlaceholder')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        autoSize={{ minRows: 2 }}
        maxLength={2000}
      />
    </Modal>
  );
}

export function DismissDialog({ p, onClose }: { p: Pick<CpSummary, 'id' | 'version'>; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useCpErrorText();
  const { dismiss } = useCommonProblemActions();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('cp.dismissTitle')}
      okText={t('cp.dismiss')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: dismiss.isPending, disabled: !reason.trim() }}
      onCancel={onClose}
      onOk={() =>
        dismiss.mutate(
          { id: p.id, version: p.version, reason: reason.trim() },
          {
            onSuccess: () => {
              void message.success(t('cp.dismissed'));
              onClose();
            },
            onError: (e) => void message.error(errorText(e), 8),
          },
        )
      }
    >
      <Input.TextArea
        aria-label={t('cp.dismissReason')}
        placeholder={t('cp.dismissReasonPlaceholder')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        autoSize={{ minRows: 3 }}
        maxLength={2000}
        autoFocus
      />
    </Modal>
  );
}
