import { Alert, App, Button, Card, Form, Select, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useListing, useSaveListing, type ListingKind, type ListingOf } from '../../api/listings';
import { applyApiErrors } from '../../lib/apply-errors';
import { LISTING_FIELDS, ListingFields } from '../ListingFields';
import { LoadError, Loading } from '../states';

/** The values of the fields every listing has (ListingFields, and its kind). */
export interface SharedValues {
  kind: string;
  title: string;
  description: string;
  sectors?: string[];
  keywords?: string[];
  cooperationModes?: string[];
  district?: string;
}

/**
 * Posting a listing (/<kind>/new) or changing one (/<kind>/:id/edit): loading it, the fields both kinds share, the
 * API's field errors beside their fields, and where to go after. Each kind adds its own fields (`children`), its
 * initial values and its part of the body.
 */
export function ListingForm<K extends ListingKind, V extends SharedValues>({
  kind,
  newTitle,
  created,
  kindLabel,
  kindOptions,
  fields,
  initial,
  body,
  children,
}: {
  kind: K;
  /** The heading when posting a new one. */
  newTitle: string;
  /** The message once a new one is saved. */
  created: string;
  kindLabel: string;
  kindOptions: Array<{ value: string; label: string }>;
  /** The kind's own field names (the API's field errors for them go beside them). */
  fields: readonly string[];
  /** The form's values for an existing listing, or for a new one (undefined). */
  initial: (listing: ListingOf[K] | undefined) => Partial<V>;
  /** The kind's own part of the request body. */
  body: (values: V) => Record<string, unknown>;
  children: ReactNode;
}) {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<V>();
  const [notice, setNotice] = useState<string[]>([]);
  const existing = useListing(kind, id);
  const save = useSaveListing(kind, id);
  const allFields = [...LISTING_FIELDS, 'kind', ...fields];

  const submit = (v: V) => {
    setNotice([]);
    save.mutate(
      {
        kind: v.kind,
        title: v.title,
        description: v.description,
        sectors: v.sectors ?? [],
        keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
        cooperationModes: v.cooperationModes ?? [],
        ...body(v),
        ...(v.district ? { district: v.district } : {}),
      },
      {
        onSuccess: (saved) => {
          void message.success(id ? t('common.saved') : created);
          void navigate(`/${kind}/${saved.id}`);
        },
        onError: (e) => setNotice(applyApiErrors(form, e, allFields)),
      },
    );
  };

  if (id && existing.isLoading) return <Loading />;
  if (id && existing.error) return <LoadError error={existing.error} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {id ? t('common.edit') : newTitle}
        </Typography.Title>
      }
      variant="borderless"
      styles={{ body: { maxWidth: 820 } }}
    >
      {notice.length > 0 && <Alert type="error" showIcon title={notice.join('；')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={initial(existing.data)} onFinish={submit} scrollToFirstError>
        <Form.Item label={kindLabel} name="kind">
          <Select options={kindOptions} />
        </Form.Item>
        <ListingFields />
        {children}
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
