import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { COOPERATION_MODES, DISTRICTS } from '../api/vocabulary.gen';
import { options, useLabels } from '../hooks/useLabels';
import { SectorCascader } from './sectors';

/** Fields needs and capabilities share, validated as the API validates them. */
export function ListingFields() {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <>
      <Form.Item
        label={t('listing.title')}
        name="title"
        rules={[
          { required: true, whitespace: true, message: t('login.required', { field: t('listing.title') }) },
          { max: 200, message: '≤ 200' },
        ]}
      >
        <Input maxLength={200} showCount />
      </Form.Item>
      <Form.Item
        label={t('listing.description')}
        name="description"
        rules={[
          { required: true, whitespace: true, message: t('login.required', { field: t('listing.description') }) },
          { max: 20000, message: '≤ 20000' },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 16 }} maxLength={20000} showCount />
      </Form.Item>
      <Form.Item label={t('listing.sectors')} name="sectors" extra={t('listing.sectorsHint')}>
        <SectorCascader />
      </Form.Item>
      <Form.Item
        label={t('listing.keywords')}
        name="keywords"
        extra={t('listing.keywordsHint')}
        rules={[
          { type: 'array', max: 20, message: '≤ 20' },
          {
            validator: (_, v: string[] | undefined) =>
              (v ?? []).some((k) => k.trim().length > 30) ? Promise.reject(new Error('≤ 30')) : Promise.resolve(),
          },
        ]}
      >
        <Select mode="tags" tokenSeparators={[',', '，', '、', ';', '；']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item label={t('listing.cooperationModes')} name="cooperationModes">
        <Select mode="multiple" allowClear options={options(COOPERATION_MODES, l.cooperation)} />
      </Form.Item>
      <Form.Item label={t('listing.district')} name="district" extra={t('listing.districtDefault')}>
        <Select allowClear showSearch options={options(DISTRICTS, l.district)} />
      </Form.Item>
    </>
  );
}

export const LISTING_FIELDS = ['title', 'description', 'sectors', 'keywords', 'cooperationModes', 'district'];
