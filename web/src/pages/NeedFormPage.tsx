import { DatePicker, Form, InputNumber, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { NEED_KINDS, VISIBILITIES } from '../api/vocabulary.gen';
import { ListingForm, type SharedValues } from '../components/listing/ListingForm';
import { options, useLabels } from '../hooks/useLabels';

interface Values extends SharedValues {
  budget?: { min?: number | null; max?: number | null };
  deadline?: Dayjs | null;
  visibility: 'public' | 'restricted';
}

/** Posting a need (/needs/new) or changing one (/needs/:id/edit). Only 标题 and 描述 are required. */
export default function NeedFormPage() {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <ListingForm<'needs', Values>
      kind="needs"
      newTitle={t('nav.newNeed')}
      created={t('need.created')}
      kindLabel={t('need.kind')}
      kindOptions={options(NEED_KINDS, l.needKind)}
      fields={['budget', 'deadline', 'visibility']}
      initial={(n) =>
        n
          ? {
              kind: n.kind,
              title: n.title,
              description: n.description,
              sectors: n.sectors,
              keywords: n.keywords,
              cooperationModes: n.cooperationModes,
              budget: n.budget,
              deadline: n.deadline ? dayjs(n.deadline) : null,
              district: n.district,
              visibility: n.visibility,
            }
          : { kind: 'technical_problem', visibility: 'public' }
      }
      body={(v) => ({
        budget: { min: v.budget?.min ?? null, max: v.budget?.max ?? null },
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
        visibility: v.visibility,
      })}
    >
      <Form.Item label={t('need.budget')} style={{ marginBottom: 0 }}>
        <Space wrap>
          <Form.Item name={['budget', 'min']} rules={[{ type: 'integer', min: 0, message: '≥ 0' }]}>
            <InputNumber min={0} step={10000} precision={0} placeholder={t('need.budgetMin')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name={['budget', 'max']}
            dependencies={[['budget', 'min']]}
            rules={[
              { type: 'integer', min: 0, message: '≥ 0' },
              ({ getFieldValue }) => ({
                validator: (_, v: number | null | undefined) => {
                  const min = getFieldValue(['budget', 'min']) as number | null | undefined;
                  return v != null && min != null && v < min ? Promise.reject(new Error('≥ min')) : Promise.resolve();
                },
              }),
            ]}
          >
            <InputNumber min={0} step={10000} precision={0} placeholder={t('need.budgetMax')} style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item label={t('need.deadline')} name="deadline">
        <DatePicker disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
      </Form.Item>
      <Form.Item label={t('need.visibility')} name="visibility">
        <Radio.Group options={options(VISIBILITIES, l.visibility)} />
      </Form.Item>
    </ListingForm>
  );
}
