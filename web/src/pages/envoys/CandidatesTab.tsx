import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useCandidates, useEnvoyWrite } from '../../api/envoys';
import type { PostCandidate, SecondmentPost } from '../../api/envoy-types';
import { ExplanationSummary } from '../../components/Explanation';
import { LoadError } from '../../components/states';
import { useErrorText, useVLabels } from '../vouchers/shared';

/**
 * The experts (expertise capabilities) the matching engine ranks for the post, best first, each with its score and
 * the engine's own explanation, then — under 接近的专家 / near misses — the closest below the engine's floor;
 * refreshed in the background when asked (and whenever the post opens or changes).
 */
export function CandidatesTab({ post: p }: { post: SecondmentPost }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const candidates = useCandidates(p.id);
  const refresh = useEnvoyWrite<Record<string, never>, { jobId?: string }>(
    () => `/secondment-posts/${p.id}/candidates/refresh`,
  );
  const all = candidates.data?.items ?? [];
  const ranked = all.filter((c) => !c.nearMiss);
  const near = all.filter((c) => c.nearMiss);
  const computedAt = candidates.data?.computedAt;
  if (candidates.error) return <LoadError error={candidates.error} retry={() => void candidates.refetch()} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          icon={<ReloadOutlined />}
          loading={refresh.isPending}
          onClick={() =>
            refresh.mutate(
              {},
              {
                onSuccess: () =>
                  void message.success(bi('已开始重新计算，稍后刷新页面查看', 'Ranking again; reload in a moment')),
                onError: (e) => void message.error(errorText(e), 8),
              },
            )
          }
        >
          {bi('重新推荐', 'Rank again')}
        </Button>
        <Typography.Text type="secondary">
          {computedAt ? bi(`计算于 ${l.time(computedAt)}`, `Computed ${l.time(computedAt)}`) : ''}
        </Typography.Text>
      </Space>
      <CandidateList
        items={ranked}
        loading={candidates.isFetching}
        empty={
          near.length
            ? bi('没有达到推荐门槛的专家', 'No expert passes the ranking floor')
            : bi('暂无推荐专家（岗位发布后由匹配引擎计算）', 'No ranked experts yet (computed once the post is open)')
        }
      />
      {near.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {candidates.data?.nearMissLabel ?? bi('接近的专家', 'Near misses')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {bi(
              '得分未达推荐门槛，但最接近的专家，供参考。',
              'Below the engine’s floor, but the closest; for reference.',
            )}
          </Typography.Text>
          <CandidateList items={near} loading={false} empty="" nearMiss />
        </>
      )}
    </Space>
  );
}

function CandidateList({
  items,
  loading,
  empty,
  nearMiss,
}: {
  items: PostCandidate[];
  loading: boolean;
  empty: string;
  nearMiss?: boolean;
}) {
  const { bi } = useVLabels();
  return (
    <List<PostCandidate>
      loading={loading}
      dataSource={items}
      locale={{ emptyText: empty }}
      renderItem={(c) => (
        <List.Item key={c.capability.id}>
          <Card
            size="small"
            style={{ width: '100%' }}
            title={
              <Space wrap>
                <Tag color={nearMiss ? 'default' : 'blue'}>#{c.rank}</Tag>
                <Link to={`/capabilities/${c.capability.id}`}>{c.capability.title}</Link>
                <Typography.Text type="secondary">{c.organization.name}</Typography.Text>
              </Space>
            }
            extra={
              <Typography.Text>
                {bi('得分', 'Score')} {c.score.toFixed(2)}
              </Typography.Text>
            }
          >
            {c.explanation ? (
              <ExplanationSummary explanation={c.explanation} />
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </Card>
        </List.Item>
      )}
    />
  );
}
