import { Checkbox, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decision } from '../../api/matches';
import type { Match, RejectReason } from '../../api/types';
import { REJECT_REASONS } from '../../api/vocabulary.gen';
import { options, useLabels } from '../../hooks/useLabels';

/**
 * Approving or rejecting one suggestion: an optional note (internal unless shared) and, to reject, a reason ("other"
 * needs the note). Mounted only while open, so it starts empty each time.
 */
export function DecisionDialog({
  kind,
  match,
  pending,
  onSubmit,
  onCancel,
}: {
  kind: Decision['kind'];
  match: Match | null;
  pending: boolean;
  onSubmit: (d: Decision) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const l = useLabels();
  const [note, setNote] = useState('');
  const [shared, setShared] = useState(false);
  const [reason, setReason] = useState<RejectReason>();
  const reject = kind === 'reject';
  const incomplete = reject && (!reason || (reason === 'other' && !note.trim()));
  return (
    <Modal
      open
      title={reject ? t('review.rejectTitle') : t('review.approveTitle')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: reject, loading: pending, disabled: incomplete }}
      onOk={() =>
        match &&
        onSubmit({
          id: match.id,
          kind,
          expectedStatus: match.status,
          note: note.trim() || undefined,
          shared: note.trim() ? shared : undefined,
          reason: reject ? reason : undefined,
        })
      }
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {match?.need.title} ↔ {match?.capability.title}
      </Typography.Paragraph>
      {reject && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text id="reject-reason-label">{t('review.rejectReason')}</Typography.Text>
          <Select<RejectReason>
            aria-labelledby="reject-reason-label"
            placeholder={t('review.rejectReasonRequired')}
            style={{ width: '100%', marginTop: 4 }}
            options={options(REJECT_REASONS, l.rejectReason)}
            value={reason}
            onChange={setReason}
            autoFocus
          />
        </div>
      )}
      <Input.TextArea
        aria-label={t('review.note')}
        placeholder={reject && reason === 'other' ? t('review.rejectNoteRequired') : t('review.notePlaceholder')}
        status={reject && reason === 'other' && !note.trim() ? 'warning' : undefined}
        value={note}
        onChange={(ev) => setNote(ev.target.value)}
        autoSize={{ minRows: 3 }}
        maxLength={2000}
        autoFocus={!reject}
      />
      <Checkbox checked={shared} onChange={(ev) => setShared(ev.target.checked)} style={{ marginTop: 8 }}>
        {t('life.shared')}
      </Checkbox>
    </Modal>
  );
}
