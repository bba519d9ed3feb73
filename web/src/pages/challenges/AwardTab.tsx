import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAward, useChallengeWrite, useNotice } from '../../api/challenges';
import type { Challenge } from '../../api/challenge-types';
import { LoadError } from '../../components/states';
import { sum, useChLabels, useErrorText } from './shared';

interface Values {
  signedOn: Dayjs;
  issuerSignatory: string;
  bureauSignatory: string;
  terms: string;
  winners: Record<string, { name: string; amountYuan: number }>;
  note?: string;
}

/**
 * 授榜: once the notice period is over and every objection resolved, the coordinator records the three-party
 * agreement (issuer, each winner, the bureau) and splits the funding over the intended winners (the sum is the
 * challenge's funding). Afterwards the tab shows the agreement and the split.
 */
export function AwardTab({ challenge: c }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const l = useChLabels();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const inNotice = c.status === 'notice';
  const notice = useNotice(c.id, inNotice);
  const award = useAward(c.id, !inNotice);
  const save = useChallengeWrite<Record<string, unknown>>(c.id, () => `/challenges/${c.id}/award`);
  const split = Form.useWatch('winners', form);
  const winners = notice.data?.intendedWinners ?? [];

  if (!inNotice) {
    if (award.error) return <LoadError error={award.error} />;
    const a = award.data;
    const agreement = (a?.agreement ?? {}) as {
      signedOn?: string;
      issuerSignatory?: string;
      bureauSignatory?: string;
      terms?: string;
      winnerSignatories?: Array<{ applicationId: string; name: string }>;
    };
    return (
      <Card size="small" title={t('ch.awarded')} loading={award.isLoading}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('ch.signedOn')}>{l.date(agreement.signedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('ch.awarded')}>{l.time(a?.awardedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('ch.issuerSignatory')}>{agreement.issuerSignatory ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ch.bureauSignatory')}>{agreement.bureauSignatory ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ch.terms')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{agreement.terms ?? '—'}</span>
          </Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="awardId"
          pagination={false}
          dataSource={a?.awards ?? []}
          columns={[
            { title: t('ch.lead'), dataIndex: 'leadOrganizationName' },
            { title: t('ch.appTitle'), dataIndex: 'title' },
            {
              title: t('ch.winnerSignatory', { org: '' }).trim(),
              render: (_, x) => agreement.winnerSignatories?.find((w) => w.applicationId === x.applicationId)?.name,
            },
            { title: t('ch.amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
          ]}
        />
      </Card>
    );
  }

  const total = sum(winners.map((w) => split?.[w.applicationId]?.amountYuan));
  const submit = (v: Values) =>
    save.mutate(
      {
        agreement: {
          signedOn: v.signedOn.format('YYYY-MM-DD'),
          issuerSignatory: v.issuerSignatory.trim(),
          bureauSignatory: v.bureauSignatory.trim(),
          winnerSignatories: winners.map((w) => ({
            applicationId: w.applicationId,
            name: v.winners[w.applicationId].name.trim(),
          })),
          terms: v.terms.trim(),
        },
        split: winners.map((w) => ({
          applicationId: w.applicationId,
          amountYuan: v.winners[w.applicationId].amountYuan,
        })),
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: () => void message.success(t('ch.awarded')),
        onError: (e) => void message.error(errorText(e), 10),
      },
    );
  const required = (label: string) => [
    { required: true, whitespace: true, message: t('login.required', { field: label }) },
  ];
  const one = winners.length === 1 ? winners[0].applicationId : null;

  return (
    <Card size="small" title={t('ch.award')} loading={notice.isLoading}>
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 820 }}
        initialValues={{
          signedOn: dayjs(),
          terms: c.ipTerms,
          winners: one ? { [one]: { name: '', amountYuan: c.fundingTotalYuan } } : {},
        }}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="signedOn" label={t('ch.signedOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="issuerSignatory" label={t('ch.issuerSignatory')} rules={required(t('ch.issuerSignatory'))}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bureauSignatory" label={t('ch.bureauSignatory')} rules={required(t('ch.bureauSignatory'))}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('ch.split')}</Typography.Title>
        {winners.map((w) => (
          <Row gutter={16} key={w.applicationId}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['winners', w.applicationId, 'name']}
                label={t('ch.winnerSignatory', { org: w.leadOrganizationName })}
                rules={required(t('ch.winnerSignatory', { org: w.leadOrganizationName }))}
              >
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name={['winners', w.applicationId, 'amountYuan']}
                label={`${w.leadOrganizationName} ${t('ch.amountYuan')}`}
                rules={[{ required: true, message: t('login.required', { field: t('ch.amountYuan') }) }]}
              >
                <InputNumber min={1} step={10000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        ))}
        <Typography.Paragraph type={total !== c.fundingTotalYuan ? 'danger' : 'secondary'}>
          {t('ch.splitSum', { sum: l.yuan(total), total: l.yuan(c.fundingTotalYuan) })}
        </Typography.Paragraph>
        <Form.Item name="terms" label={t('ch.terms')} rules={required(t('ch.terms'))}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="note" label={t('ch.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('ch.award')}
        </Button>
      </Form>
    </Card>
  );
}
