import { Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CAPABILITY_KINDS, IP_STATUSES } from '../api/vocabulary.gen';
import { ListingForm, type SharedValues } from '../components/listing/ListingForm';
import { options, useLabels } from '../hooks/useLabels';

interface Values extends SharedValues {
  trl?: number | null;
  ipStatus?: string | null;
  maxActiveIntroductions?: number | null;
}

/** Listing a capability (/capabilities/new) or changing one (/capabilities/:id/edit). */
export default function CapabilityFormPage() {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <ListingForm<'capabilities', Values>
      kind="capabilities"
      newTitle={t('nav.newCapability')}
      created={t('capability.created')}
      kindLabel={t('capability.kind')}
      kindOptions={options(CAPABILITY_KINDS, l.capabilityKind)}
      fields={['trl', 'ipStatus', 'maxActiveIntroductions']}
      initial={(c) => (c ? { ...c } : { kind: 'achievement' })}
      body={(v) => ({
        trl: v.trl ?? null,
        ipStatus: v.ipStatus ?? null,
        maxActiveIntroductions: v.maxActiveIntroductions ?? null,
      })}
    >
      <Form.Item
        label={t('capability.trl')}
        name="trl"
        extra={t('capability.trlHint')}
        rules={[{ type: 'integer', min: 1, max: 9, message: '1–9' }]}
      >
        <InputNumber min={1} max={9} precision={0} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item label={t('capability.ipStatus')} name="ipStatus">
        <Select allowClear options={options(IP_STATUSES, l.ipStatus)} />
      </Form.Item>
      <Form.Item
        label={t('capability.maxActiveIntroductions')}
        name="maxActiveIntroductions"
        rules={[{ type: 'integer', min: 1, max: 1000, message: '1–1000' }]}
      >
        <InputNumber min={1} max={1000} precision={0} style={{ width: 120 }} />
      </Form.Item>
    </ListingForm>
  );
}
