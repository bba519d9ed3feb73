import { CheckOutlined, CloseOutlined, EditOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { BandTag } from '../../components/Explanation';
import { SectorTags } from '../../components/sectors';
import { Loading, LoadError, NotFound } from '../../components/states';
import { useLabels } from '../../hooks/useLabels';
import { formatYuan } from '../../lib/hall';
import { atLeast } from '../../lib/roles';
import {
  useCommonProblem,
  useCommonProblemActions,
  useCommonProblemEvents,
  type CommonProblem,
  type CpCapability,
  type CpNeed,
} from './api';
import { ConfirmDialog, DismissDialog } from './dialogs';
import { CpStatusTag, useCpErrorText } from './shared';

type Dialog = 'confirm' | 'dismiss' | 'edit' | 'introduce' | null;

/**
 * One common problem (/common-problems/:id): what its member needs share, who they are (a restricted need is shown as
 * such to those who may not read it), who is proposed to lead and why, the capabilities that fit all members with
 * matching's explanation per need; coordinators confirm, edit or dismiss it, and introduce a confirmed one to a
 * consortium or turn it into a challenge.
 */
export default function CommonProblemPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const coordinator = atLeast(me.user.role, 'coordinator');
  const problem = useCommonProblem(id);
  const events = useCommonProblemEvents(id, coordinator);
  const [dialog, setDialog] = useState<Dialog>(null);

  if (problem.isLoading) return <Loading />;
  if (problem.error instanceof ApiError && problem.error.status === 404) return <NotFound />;
  if (problem.error || !problem.data) return <LoadError error={problem.error} retry={() => void problem.refetch()} />;
  const p = problem.data;
  const may = (s: 'confirmed' | 'dismissed') => coordinator && p.allowed.includes(s);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {p.title}
          </Typography.Title>
          <CpStatusTag status={p.status} />
          {p.edited && <Tag>{t('cp.editedTag')}</Tag>}
        </Space>
        {coordinator && (
          <Space wrap>
            {may('confirmed') && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('confirm')}>
                {t('cp.confirm')}
              </Button>
            )}
            {p.status !== 'dismissed' && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('cp.edit')}
              </Button>
            )}
            {p.status === 'confirmed' && (
              <>
                <Button icon={<TeamOutlined />} onClick={() => setDialog('introduce')}>
                  {t('cp.introduce')}
                </Button>
                <Link to={`/challenges/new?commonProblemId=${p.id}`}>
                  <Button icon={<TrophyOutlined />}>{t('cp.toChallenge')}</Button>
                </Link>
              </>
            )}
            {may('dismissed') && (
              <Button danger icon={<CloseOutlined />} onClick={() => setDialog('dismiss')}>
                {t('cp.dismiss')}
              </Button>
            )}
          </Space>
        )}
      </Space>

      <Facts p={p} />
      <Members p={p} />
      <Capabilities p={p} />

      {coordinator && (
        <Card size="small" title={t('cp.events')}>
          {events.data?.length ? (
            <Timeline
              items={events.data.map((e) => ({
                key: e.id,
                children: (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>
                      {t(`cp.event.${e.kind}`, { defaultValue: e.kind })} · {e.actor?.name ?? t('cp.system')}
                    </Typography.Text>
                    <Typography.Text type="secondary">{new Date(e.createdAt).toLocaleString()}</Typography.Text>
                    {e.note && <Typography.Text>{e.note}</Typography.Text>}
                  </Space>
                ),
              }))}
            />
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          )}
        </Card>
      )}

      {dialog === 'confirm' && <ConfirmDialog p={p} onClose={() => setDialog(null)} />}
      {dialog === 'dismiss' && <DismissDialog p={p} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <EditDialog p={p} onClose={() => setDialog(null)} />}
      {dialog === 'introduce' && <IntroduceDialog p={p} onClose={() => setDialog(null)} />}
    </Space>
  );
}

function Facts({ p }: { p: CommonProblem }) {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <Card size="small">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('cp.summary')}>{p.summary}</Descriptions.Item>
        <Descriptions.Item label={t('cp.sharedTerms')}>
          <Space size={[0, 4]} wrap>
            {p.sharedTerms.map((x) => (
              <Tag key={x} color="blue">
                {x}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        {p.sectorKeys.length > 0 && (
          <Descriptions.Item label={t('cp.sectors')}>
            <SectorTags sectors={p.sectorKeys} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('cp.scale')}>
          {t('cp.scaleValue', { needs: p.needCount, orgs: p.organizationCount })}
          {p.restrictedNeedCount > 0 && t('cp.scaleRestricted', { count: p.restrictedNeedCount })}
        </Descriptions.Item>
        <Descriptions.Item label={t('cp.enterprises')}>
          {p.enterprises.map((e) => `${e.name}（${l.district(e.district)}）`).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('cp.districts')}>
          {p.districtCounts
            .map((d) => t('cp.districtCount', { district: l.district(d.district), n: d.needs }))
            .join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('cp.lead')}>
          {p.lead ? (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{p.lead.organization?.name ?? t('cp.restrictedNeed')}</Typography.Text>
              <Typography.Text type="secondary">{p.lead.reason}</Typography.Text>
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('cp.cohesion')}>{p.cohesion.toFixed(2)}</Descriptions.Item>
        {p.decidedAt && (
          <Descriptions.Item label={t('cp.decided')}>
            {`${p.decidedBy?.name ?? '—'} · ${new Date(p.decidedAt).toLocaleString()}`}
          </Descriptions.Item>
        )}
        {p.dismissReason && <Descriptions.Item label={t('cp.dismissReason')}>{p.dismissReason}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function Members({ p }: { p: CommonProblem }) {
  const { t } = useTranslation();
  const l = useLabels();
  const budget = (n: CpNeed) => {
    if (!n.budget || (n.budget.min === null && n.budget.max === null)) return n.restricted ? '—' : t('cp.negotiable');
    const { min, max } = n.budget;
    return [min, max].map((x) => (x === null ? '…' : formatYuan(x, l.lang))).join(' – ');
  };
  return (
    <Card size="small" title={t('cp.members')}>
      <Table<CpNeed>
        size="small"
        pagination={false}
        rowKey={(n, i) => n.id ?? `restricted-${i}`}
        dataSource={p.needs}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('cp.needTitle'),
            render: (_, n) =>
              n.id ? (
                <Space>
                  <Link to={`/needs/${n.id}`}>{n.title}</Link>
                  {n.id === p.lead?.needId && <Tag color="purple">{t('cp.leadTag')}</Tag>}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('cp.restrictedNeed')}</Typography.Text>
              ),
          },
          { title: t('cp.organization'), render: (_, n) => n.organization?.name ?? '—' },
          { title: t('cp.district'), render: (_, n) => (n.district ? l.district(n.district) : '—') },
          { title: t('cp.budget'), render: (_, n) => budget(n) },
          { title: t('cp.visibility'), render: (_, n) => l.visibility(n.visibility) },
          { title: t('cp.needStatus'), render: (_, n) => l.needStatus(n.status) },
        ]}
      />
    </Card>
  );
}

function Capabilities({ p }: { p: CommonProblem }) {
  const { t } = useTranslation();
  const l = useLabels();
  const titleOf = (needId: string | null) =>
    needId ? (p.needs.find((n) => n.id === needId)?.title ?? needId) : t('cp.restrictedNeed');
  return (
    <Card size="small" title={t('cp.capabilities')}>
      <Typography.Paragraph type="secondary">{t('cp.capabilitiesHint')}</Typography.Paragraph>
      <Table<CpCapability>
        size="small"
        pagination={false}
        rowKey="capabilityId"
        dataSource={p.capabilities}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('cp.noCapabilities') }}
        expandable={{
          expandedRowRender: (c) => (
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {c.explanations.map((x, i) => (
                <li key={x.needId ?? `r${i}`}>
                  <Space size={6} wrap>
                    <Typography.Text strong>{titleOf(x.needId)}</Typography.Text>
                    {x.fits ? <Tag color="green">{t('cp.fits')}</Tag> : <Tag>{t('cp.notFits')}</Tag>}
                    <BandTag band={x.band} />
                    <Typography.Text>
                      {x.summary ? (l.lang === 'en' ? x.summary.en : x.summary.zh) : ''}
                    </Typography.Text>
                  </Space>
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: '#', dataIndex: 'rank', width: 48 },
          {
            title: t('cp.capability'),
            render: (_, c) => <Link to={`/capabilities/${c.capabilityId}`}>{c.title}</Link>,
          },
          { title: t('cp.owner'), render: (_, c) => c.organization.name },
          {
            title: t('cp.fitsMembers'),
            render: (_, c) => (
              <Space>
                {t('cp.coveredValue', { covered: c.covered, total: c.explanations.length })}
                {c.fitsAll && <Tag color="green">{t('cp.fitsAll')}</Tag>}
              </Space>
            ),
          },
          { title: t('cp.score'), dataIndex: 'score', render: (n: number) => n.toFixed(2) },
        ]}
      />
    </Card>
  );
}

function EditDialog({ p, onClose }: { p: CommonProblem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useCpErrorText();
  const { edit } = useCommonProblemActions();
  const [title, setTitle] = useState(p.title);
  const [summary, setSummary] = useState(p.summary);
  const [lead, setLead] = useState<string | undefined>(p.lead?.needId ?? undefined);
  const [remove, setRemove] = useState<string[]>([]);
  const [add, setAdd] = useState('');
  const named = p.needs.filter((n): n is CpNeed & { id: string } => n.id !== null);
  const addIds = add
    .split(/[\s,，、]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const submit = () => {
    const body = {
      ...(title.trim() !== p.title ? { title: title.trim() } : {}),
      ...(summary.trim() !== p.summary ? { summary: summary.trim() } : {}),
      ...(lead && lead !== p.lead?.needId ? { leadNeedId: lead } : {}),
      ...(remove.length ? { removeNeedIds: remove } : {}),
      ...(addIds.length ? { addNeedIds: addIds } : {}),
      expectedVersion: p.version,
    };
    edit.mutate(
      { id: p.id, body },
      {
        onSuccess: () => {
          void message.success(t('cp.saved'));
          onClose();
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );
  };
  return (
    <Modal
      open
      width={720}
      title={t('cp.editTitle')}
      okText={t('cp.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: edit.isPending, disabled: !title.trim() || !summary.trim() }}
      onCancel={onClose}
      onOk={submit}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <label htmlFor="cp-title">{t('cp.title')}</label>
        <Input id="cp-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
        <label htmlFor="cp-summary">{t('cp.summary')}</label>
        <Input.TextArea
          id="cp-summary"
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={4000}
        />
        <label htmlFor="cp-lead">{t('cp.lead')}</label>
        <Select
          id="cp-lead"
          aria-label={t('cp.lead')}
          value={lead}
          onChange={setLead}
          options={named
            .filter((n) => !remove.includes(n.id))
            .map((n) => ({ value: n.id, label: `${n.title}（${n.organization?.name ?? ''}）` }))}
        />
        <Typography.Text>{t('cp.removeMembers')}</Typography.Text>
        <Checkbox.Group
          value={remove}
          onChange={(v) => setRemove(v)}
          options={named.map((n) => ({ value: n.id, label: `${n.title}（${n.organization?.name ?? ''}）` }))}
          style={{ display: 'flex', flexDirection: 'column' }}
        />
        <label htmlFor="cp-add">{t('cp.addMembers')}</label>
        <Input.TextArea
          id="cp-add"
          placeholder={t('cp.addMembersPlaceholder')}
          value={add}
          onChange={(e) => setAdd(e.target.value)}
          autoSize={{ minRows: 2 }}
        />
      </Space>
    </Modal>
  );
}

function IntroduceDialog({ p, onClose }: { p: CommonProblem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useCpErrorText();
  const { introduce } = useCommonProblemActions();
  const [picked, setPicked] = useState<string[]>(p.capabilities.filter((c) => c.fitsAll).map((c) => c.capabilityId));
  const [note, setNote] = useState('');
  return (
    <Modal
      open
      width={640}
      title={t('cp.introduceTitle')}
      okText={t('cp.introduce')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: introduce.isPending, disabled: !picked.length || picked.length > 10 }}
      onCancel={onClose}
      onOk={() =>
        introduce.mutate(
          { id: p.id, capabilityIds: picked, note: note.trim() || undefined },
          {
            onSuccess: (r) => {
              void message.success(t('cp.introduced', { n: r.organizations.length }));
              onClose();
            },
            onError: (e) => void message.error(errorText(e), 8),
          },
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('cp.introduceText')}</Typography.Paragraph>
        {p.capabilities.length ? (
          <Checkbox.Group
            value={picked}
            onChange={(v) => setPicked(v)}
            options={p.capabilities.map((c) => ({
              value: c.capabilityId,
              label: `${c.title}（${c.organization.name}）`,
            }))}
            style={{ display: 'flex', flexDirection: 'column' }}
          />
        ) : (
          <Typography.Text type="secondary">{t('cp.noCapabilities')}</Typography.Text>
        )}
        <Input.TextArea
          aria-label={t('cp.note')}
          placeholder={t('cp.introduceNotePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          autoSize={{ minRows: 2 }}
          maxLength={2000}
        />
      </Space>
    </Modal>
  );
}
