import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { get, patch, post } from '../api/client';
import type { Capability } from '../api/types';
import { LISTING_FIELDS, ListingFields } from '../components/ListingFields';
import { LoadError, Loading } from '../components/states';
import { CAPABILITY_KINDS, IP_STATUSES } from '../api/vocabulary.gen';
import { options, useLabels } from '../hooks/useLabels';
import { applyApiErrors } from '../lib/apply-errors';

interface Values {
  kind: string;
  title: string;
  description: string;
  sectors?: string[];
  keywords?: string[];
  trl?: number | null;
  ipStatus?: string | null;
  cooperationModes?: string[];
  district?: string;
  maxActiveIntroductions?: number | null;
}

const FIELDS = [...LISTING_FIELDS, 'kind', 'trl', 'ipStatus', 'maxActiveIntroductions'];

/** Listing a capability (/capabilities/new) or changing one (/capabilities/:id/edit). */
export default function CapabilityFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<string[]>([]);
  const existing = useQuery({
    queryKey: ['capability', id],
    queryFn: () => get<Capability>(`/capabilities/${id}`),
    enabled: !!id,
  });

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        kind: v.kind,
        title: v.title,
        description: v.description,
        sectors: v.sectors ?? [],
        keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
        trl: v.trl ?? null,
        ipStatus: v.ipStatus ?? null,
        cooperationModes: v.cooperationModes ?? [],
        ...(v.district ? { district: v.district } : {}),
        maxActiveIntroductions: v.maxActiveIntroductions ?? null,
      };
      return id ? patch<Capability>(`/capabilities/${id}`, body) : post<Capability>('/capabilities', body);
    },
    onSuccess: (cap) => {
      void qc.invalidateQueries({ queryKey: ['capabilities'] });
      void qc.invalidateQueries({ queryKey: ['capability', cap.id] });
      void message.success(id ? t('common.saved') : t('capability.created'));
      void navigate(`/capabilities/${cap.id}`);
    },
    onError: (e) => setNotice(applyApiErrors(form, e, FIELDS)),
  });

  if (id && existing.isLoading) return <Loading />;
  if (id && existing.error) return <LoadError error={existing.error} />;
  const c = existing.data;
  const initial: Partial<Values> = c ? { ...c } : { kind: 'achievement' };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {id ? t('common.edit') : t('nav.newCapability')}
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
        <Form.Item label={t('capability.kind')} name="kind">
          <Select options={options(CAPABILITY_KINDS, l.capabilityKind)} />
        </Form.Item>
        <ListingFields />
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
