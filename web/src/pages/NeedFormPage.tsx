import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, InputNumber, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { get, patch, post } from '../api/client';
import type { Need } from '../api/types';
import { LISTING_FIELDS, ListingFields } from '../components/ListingFields';
import { LoadError, Loading } from '../components/states';
import { NEED_KINDS, VISIBILITIES } from '../api/vocabulary.gen';
import { options, useLabels } from '../hooks/useLabels';
import { applyApiErrors } from '../lib/apply-errors';

interface Values {
  kind: string;
  title: string;
  description: string;
  sectors?: string[];
  keywords?: string[];
  cooperationModes?: string[];
  budget?: { min?: number | null; max?: number | null };
  deadline?: Dayjs | null;
  district?: string;
  visibility: 'public' | 'restricted';
}

const FIELDS = [...LISTING_FIELDS, 'kind', 'budget', 'deadline', 'visibility'];

/** Posting a need (/needs/new) or changing one (/needs/:id/edit). Only 标题 and 描述 are required. */
export default function NeedFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<string[]>([]);
  const existing = useQuery({ queryKey: ['need', id], queryFn: () => get<Need>(`/needs/${id}`), enabled: !!id });

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        kind: v.kind,
        title: v.title,
        description: v.description,
        sectors: v.sectors ?? [],
        keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
        cooperationModes: v.cooperationModes ?? [],
        budget: { min: v.budget?.min ?? null, max: v.budget?.max ?? null },
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
        ...(v.district ? { district: v.district } : {}),
        visibility: v.visibility,
      };
      return id ? patch<Need>(`/needs/${id}`, body) : post<Need>('/needs', body);
    },
    onSuccess: (need) => {
      void qc.invalidateQueries({ queryKey: ['needs'] });
      void qc.invalidateQueries({ queryKey: ['need', need.id] });
      void message.success(id ? t('common.saved') : t('need.created'));
      void navigate(`/needs/${need.id}`);
    },
    onError: (e) => setNotice(applyApiErrors(form, e, FIELDS)),
  });

  if (id && existing.isLoading) return <Loading />;
  if (id && existing.error) return <LoadError error={existing.error} />;
  const n = existing.data;
  const initial: Partial<Values> = n
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
    : { kind: 'technical_problem', visibility: 'public' };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {id ? t('common.edit') : t('nav.newNeed')}
        </Typography.Title>
      }
      variant="borderless"
      styles={{ body: { maxWidth: 820 } }}
    >
      {notice.length > 0 && <Alert type="error" showIcon title={notice.join('；')} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          setNotice([]);
          save.mutate(v);
        }}
        scrollToFirstError
      >
        <Form.Item label={t('need.kind')} name="kind">
          <Select options={options(NEED_KINDS, l.needKind)} />
        </Form.Item>
        <ListingFields />
        <Form.Item label={t('need.budget')} style={{ marginBottom: 0 }}>
          <Space wrap>
            <Form.Item name={['budget', 'min']} rules={[{ type: 'integer', min: 0, message: '≥ 0' }]}>
              <InputNumber
                min={0}
                step={10000}
                precision={0}
                placeholder={t('need.budgetMin')}
                style={{ width: 180 }}
              />
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
              <InputNumber
                min={0}
                step={10000}
                precision={0}
                placeholder={t('need.budgetMax')}
                style={{ width: 180 }}
              />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item label={t('need.deadline')} name="deadline">
          <DatePicker disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
        <Form.Item label={t('need.visibility')} name="visibility">
          <Radio.Group options={options(VISIBILITIES, l.visibility)} />
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
