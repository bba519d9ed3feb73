import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tree,
  Typography,
  Upload,
  type TreeDataNode,
  type UploadFile,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError } from '../../api/client';
import { usePutTaxonomy, useTaxonomy, useTaxonomySummaries } from '../../api/taxonomies';
import type { TaxonomyCode, TaxonomySummary } from '../../api/types';
import { LoadError, Loading } from '../../components/states';
import { applyApiErrors } from '../../lib/apply-errors';
import { parseSchemeFile } from '../../lib/taxonomy';

const SCHEME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const FORM_FIELDS = ['scheme', 'name'] as const;

type Parsed = ReturnType<typeof parseSchemeFile>;

interface Values {
  scheme: string;
  name: string;
}

const parseCsv = (text: string) =>
  Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The codes as a forest: parent → children. Codes whose parent is missing are shown at the top. */
function buildTree(codes: readonly TaxonomyCode[]): TreeDataNode[] {
  const known = new Set(codes.map((c) => c.code));
  const children = new Map<string | null, TaxonomyCode[]>();
  for (const c of codes) {
    const parent = c.parent && known.has(c.parent) && c.parent !== c.code ? c.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  // Guards against a cycle in stored data: each code is placed once.
  const placed = new Set<string>();
  const build = (parent: string | null): TreeDataNode[] => {
    const nodes: TreeDataNode[] = [];
    for (const c of children.get(parent) ?? []) {
      if (placed.has(c.code)) continue;
      placed.add(c.code);
      const kids = build(c.code);
      nodes.push({
        key: c.code,
        title: (
          <span>
            {`${c.code} ${c.nameZh}`}
            {c.nameEn && <Typography.Text type="secondary">{` ${c.nameEn}`}</Typography.Text>}
          </span>
        ),
        children: kids.length ? kids : undefined,
        isLeaf: !kids.length,
      });
    }
    return nodes;
  };
  return build(null);
}

function SchemeTree({ scheme }: { scheme: string }) {
  const { t } = useTranslation();
  const q = useTaxonomy(scheme);
  const treeData = useMemo(() => buildTree(q.data?.codes ?? []), [q.data]);
  if (q.isLoading) return <Loading />;
  if (q.error) return <LoadError error={q.error} retry={() => void q.refetch()} />;
  const s = q.data;
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <Typography.Text code>{scheme}</Typography.Text>
          <span>{s?.name}</span>
          <Typography.Text type="secondary">
            {t('admin.codeCount')}：{s?.codes.length ?? 0}
          </Typography.Text>
        </Space>
      }
    >
      {s?.source && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {s.source}
        </Typography.Paragraph>
      )}
      {treeData.length ? <Tree treeData={treeData} height={520} showLine blockNode selectable={false} /> : <Empty />}
    </Card>
  );
}

function ImportModal({ onClose, onImported }: { onClose: () => void; onImported: (scheme: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string[]>([]);

  const load = async (file: File & { uid: string }) => {
    setParsed(null);
    setParseError(null);
    setRowErrors([]);
    setNotice([]);
    try {
      const result = parseSchemeFile(file.name, await file.text(), parseCsv);
      if (!result.codes.length) throw new Error(`${t('admin.codes')}: 0`);
      setParsed(result);
      setFiles([{ uid: file.uid, name: file.name, status: 'done' }]);
      const current = form.getFieldsValue();
      if (result.name && !current.name?.trim()) form.setFieldsValue({ name: result.name });
      const base = file.name.replace(/\.(json|csv)$/i, '').toLowerCase();
      if (!current.scheme?.trim() && SCHEME_PATTERN.test(base)) form.setFieldsValue({ scheme: base });
    } catch (e) {
      setFiles([{ uid: file.uid, name: file.name, status: 'error' }]);
      setParseError(errorText(e));
    }
  };

  const save = usePutTaxonomy({
    onSuccess: (_, v) => {
      void message.success(t('admin.imported'));
      onImported(v.scheme);
    },
    onError: (e) => {
      // scheme and name errors go beside their fields; the codes' (row-level) ones are listed.
      applyApiErrors(form, e, FORM_FIELDS);
      const rows =
        e instanceof ApiError ? e.fieldErrors.filter((f) => !(FORM_FIELDS as readonly string[]).includes(f.field)) : [];
      setRowErrors(rows);
      const formHit =
        e instanceof ApiError && e.fieldErrors.some((f) => (FORM_FIELDS as readonly string[]).includes(f.field));
      setNotice(rows.length || formHit ? [] : [errorText(e)]);
    },
  });

  return (
    <Modal
      open
      title={t('admin.importScheme')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !parsed }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setRowErrors([]);
          setNotice([]);
          if (!parsed) setNotice([t('admin.importHint')]);
          else save.mutate({ scheme: v.scheme, body: { name: v.name.trim(), codes: parsed.codes } });
        }}
      >
        <Form.Item
          label={t('admin.scheme')}
          name="scheme"
          rules={[
            { required: true, message: t('login.required', { field: t('admin.scheme') }) },
            { pattern: SCHEME_PATTERN, message: '^[a-z][a-z0-9_-]{0,31}$' },
          ]}
        >
          <Input maxLength={32} placeholder="gbt4754" />
        </Form.Item>
        <Form.Item
          label={t('admin.schemeName')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('admin.schemeName') }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('admin.codes')} required extra={t('admin.importHint')}>
          <Upload
            accept=".json,.csv"
            maxCount={1}
            fileList={files}
            beforeUpload={(file) => {
              void load(file);
              return false;
            }}
            onRemove={() => {
              setFiles([]);
              setParsed(null);
              setParseError(null);
              setRowErrors([]);
            }}
          >
            <Button icon={<UploadOutlined />}>{t('admin.importScheme')}</Button>
          </Upload>
        </Form.Item>
      </Form>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {parseError && <Alert type="error" showIcon title={t('common.error')} description={parseError} />}
        {parsed && (
          <Alert
            type="info"
            showIcon
            title={`${t('admin.codeCount')}：${parsed.codes.length}`}
            description={parsed.codes
              .slice(0, 5)
              .map((c) => `${c.code} ${c.nameZh}`)
              .concat(parsed.codes.length > 5 ? ['…'] : [])
              .join('；')}
          />
        )}
        {notice.length > 0 && <Alert type="error" showIcon title={notice.join('；')} />}
        {rowErrors.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={t('common.error')}
            description={
              <ul style={{ maxHeight: 200, overflow: 'auto', margin: 0, paddingInlineStart: 20 }}>
                {rowErrors.map((f, i) => (
                  <li key={`${f.field}-${i}`}>
                    <Typography.Text code>{f.field}</Typography.Text> {f.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Space>
    </Modal>
  );
}

export default function TaxonomiesPage() {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string>();
  const [importing, setImporting] = useState(false);
  const list = useTaxonomySummaries();

  const columns: ColumnsType<TaxonomySummary> = [
    {
      title: t('admin.scheme'),
      dataIndex: 'scheme',
      render: (s: string) => <Typography.Text code>{s}</Typography.Text>,
    },
    { title: t('admin.schemeName'), dataIndex: 'name' },
    { title: t('admin.codeCount'), dataIndex: 'codeCount', align: 'right', responsive: ['sm'] },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      responsive: ['md'],
      render: (d: string) => new Date(d).toLocaleString(),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.taxonomies')}
        </Typography.Title>
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
          {t('admin.importScheme')}
        </Button>
      </Space>
      {list.error ? (
        <LoadError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<TaxonomySummary>
          rowKey="scheme"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={false}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: selected ? [selected] : [],
            onChange: (keys) => setSelected(keys[0] === undefined ? undefined : String(keys[0])),
          }}
          onRow={(r) => ({ onClick: () => setSelected(r.scheme), style: { cursor: 'pointer' } })}
          scroll={{ x: 'max-content' }}
        />
      )}
      {selected && <SchemeTree key={selected} scheme={selected} />}
      {importing && (
        <ImportModal
          onClose={() => setImporting(false)}
          onImported={(scheme) => {
            setImporting(false);
            setSelected(scheme);
          }}
        />
      )}
    </Space>
  );
}
