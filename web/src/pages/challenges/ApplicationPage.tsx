import { EditOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, List, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  attachmentUrl,
  useApplication,
  useChallenge,
  useChallengeWrite,
  useUploadAttachment,
} from '../../api/challenges';
import type { ChallengeApplication } from '../../api/challenge-types';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../components/states';
import { ApplicationStatusTag, ChallengeStatusTag, isExpert, sum, useChLabels, useErrorText } from './shared';

const MAX_PDF = 20 * 1024 * 1024;
const MEMBERSHIP_COLOR: Record<string, string> = { invited: 'orange', accepted: 'green', declined: 'default' };

const fileSize = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The parts of a proposal, read: consortium, approach, team, budget by item, plan, prior results. */
/** A consortium member as the application (its organisation) or the review sheet (its name) gives it. */
interface MemberLike {
  role: string;
  isLead: boolean;
  status?: string;
  organization?: { name: string };
  organizationName?: string;
}

/** What ProposalView reads: an application, or the one a reviewer reads. */
export type Proposal = Pick<
  ChallengeApplication,
  'approach' | 'team' | 'teamSize' | 'trl' | 'budget' | 'plan' | 'priorResults'
> & {
  members: MemberLike[];
};

export function ProposalView({ application: a }: { application: Proposal }) {
  const { t } = useTranslation();
  const l = useChLabels();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('ch.consortium')}>
        <Table
          size="small"
          rowKey={(m) => m.organization?.name ?? m.organizationName ?? ''}
          pagination={false}
          dataSource={a.members}
          columns={[
            {
              title: t('common.organization'),
              render: (_, m) => m.organization?.name ?? m.organizationName,
            },
            { title: t('ch.partnerRole'), dataIndex: 'role' },
            {
              title: t('ch.memberStatus'),
              render: (_, m) =>
                m.isLead ? (
                  <Tag color="blue">{t('ch.lead')}</Tag>
                ) : m.status ? (
                  <Tag color={MEMBERSHIP_COLOR[m.status]}>{t(`ch.membership.${m.status}`)}</Tag>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('ch.approach')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{a.approach}</Typography.Paragraph>
      </Card>
      <Card size="small" title={`${t('ch.team')}（${a.teamSize}） · ${t('ch.trlNow')} ${a.trl}`}>
        <Table
          size="small"
          rowKey={(m) => `${m.name}-${m.role}`}
          pagination={false}
          dataSource={a.team}
          columns={[
            { title: t('ch.memberName'), dataIndex: 'name' },
            { title: t('ch.memberTitle'), dataIndex: 'title', render: (x?: string | null) => x ?? '—' },
            { title: t('ch.memberRole'), dataIndex: 'role' },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={`${t('ch.budget')} · ${t('ch.budgetSum', { sum: l.yuan(sum(a.budget.map((b) => b.amountYuan))) })}`}
      >
        <Table
          size="small"
          rowKey="item"
          pagination={false}
          dataSource={a.budget}
          columns={[
            { title: t('ch.budgetItem'), dataIndex: 'item' },
            { title: t('ch.amountYuan'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
          ]}
        />
      </Card>
      <Card size="small" title={t('ch.plan')}>
        <Table
          size="small"
          rowKey={(p) => `${p.title}-${p.dueOn}`}
          pagination={false}
          dataSource={a.plan}
          columns={[
            { title: t('ch.planTitle'), dataIndex: 'title' },
            { title: t('ch.dueOn'), dataIndex: 'dueOn', render: (d: string) => l.date(d) },
            { title: t('ch.deliverable'), dataIndex: 'deliverable' },
          ]}
        />
      </Card>
      {a.priorResults && (
        <Card size="small" title={t('ch.priorResults')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {a.priorResults}
          </Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}

/**
 * One application (/challenges/:id/applications/:appId): the proposal read whole, its PDFs (download; upload while
 * it may still change), and for its lead organisation's members the way to change or withdraw it until the deadline.
 * Panel experts find the way to their review sheet here.
 */
export default function ApplicationPage() {
  const { id, appId } = useParams();
  const { t } = useTranslation();
  const l = useChLabels();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const challenge = useChallenge(id);
  const application = useApplication(id, appId);
  const upload = useUploadAttachment(id, appId);
  const answer = useChallengeWrite<{ accept: boolean }>(id, () => `/challenges/${id}/applications/${appId}/membership`);
  const withdraw = useChallengeWrite<Record<string, never>>(
    id,
    () => `/challenges/${id}/applications/${appId}/withdraw`,
  );

  if (challenge.isLoading || application.isLoading) return <Loading />;
  if (challenge.error || !challenge.data) return <LoadError error={challenge.error} />;
  if (application.error || !application.data) return <LoadError error={application.error} />;
  const c = challenge.data;
  const a = application.data;
  const lead = a.lead.id === me.organization.id;
  const changeable = lead && c.open && a.status === 'submitted';
  // An organisation the lead invited answers for itself while applications are open.
  const mine = a.members.find((m) => !m.isLead && m.organization.id === me.organization.id);
  const answerable = !!mine && c.open && a.status === 'submitted' && mine.status !== 'declined';
  const respond = (accept: boolean) =>
    answer.mutate(
      { accept },
      {
        onSuccess: () => {
          void message.success(accept ? t('ch.joined') : t('ch.declined'));
          void application.refetch();
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space orientation="vertical" size={0}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {a.title}
            </Typography.Title>
            <ApplicationStatusTag status={a.status} />
          </Space>
          <Space wrap>
            <Link to={`/challenges/${c.id}?tab=applications`}>{c.title}</Link>
            <ChallengeStatusTag status={c.status} />
          </Space>
        </Space>
        <Space wrap>
          {answerable && mine.status === 'invited' && (
            <Button type="primary" loading={answer.isPending} onClick={() => respond(true)}>
              {t('ch.acceptInvitation')}
            </Button>
          )}
          {answerable && (
            <Popconfirm
              title={mine.status === 'invited' ? t('ch.declineConfirm') : t('ch.leaveConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => respond(false)}
            >
              <Button danger loading={answer.isPending}>
                {mine.status === 'invited' ? t('ch.declineInvitation') : t('ch.leaveConsortium')}
              </Button>
            </Popconfirm>
          )}
          {isExpert(me) && c.status === 'reviewing' && (
            <Link to={`/my-reviews/${c.id}/${a.id}`}>
              <Button type="primary">{t('ch.myReviews')}</Button>
            </Link>
          )}
          {changeable && (
            <Link to={`/challenges/${c.id}/applications/${a.id}/edit`}>
              <Button icon={<EditOutlined />}>{t('ch.editApplication')}</Button>
            </Link>
          )}
          {changeable && (
            <Popconfirm
              title={t('ch.withdrawConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                withdraw.mutate(
                  {},
                  {
                    onSuccess: () => {
                      void message.success(t('ch.withdrawn'));
                      void application.refetch();
                    },
                    onError: (e) => void message.error(errorText(e), 8),
                  },
                )
              }
            >
              <Button danger loading={withdraw.isPending}>
                {t('ch.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('ch.lead')}>{a.lead.name}</Descriptions.Item>
          <Descriptions.Item label={t('ch.submittedAt')}>{l.time(a.submittedAt)}</Descriptions.Item>
          {a.withdrawnAt && <Descriptions.Item label={t('ch.withdrawn')}>{l.time(a.withdrawnAt)}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={t('ch.attachments')}
        extra={
          changeable && (
            <Upload
              accept="application/pdf,.pdf"
              showUploadList={false}
              beforeUpload={(file) => {
                if (file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) {
                  void message.error(t('ch.notPdf'));
                  return Upload.LIST_IGNORE;
                }
                if (file.size > MAX_PDF) {
                  void message.error(t('ch.tooLarge'));
                  return Upload.LIST_IGNORE;
                }
                upload.mutate(file, {
                  onSuccess: () => void message.success(t('ch.uploaded', { name: file.name })),
                  onError: (e) => void message.error(errorText(e), 8),
                });
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending}>
                {t('ch.upload')}
              </Button>
            </Upload>
          )
        }
      >
        <List
          size="small"
          dataSource={a.attachments ?? []}
          locale={{ emptyText: t('common.none') }}
          renderItem={(f) => (
            <List.Item>
              <a href={attachmentUrl(c.id, a.id, f.id)} download={f.filename}>
                <FilePdfOutlined /> {f.filename}
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fileSize(f.sizeBytes)} · SHA-256 {f.sha256.slice(0, 12)}…
              </Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      <ProposalView application={a} />
    </Space>
  );
}
